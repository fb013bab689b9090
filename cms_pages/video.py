"""Video addresses turned into privacy-friendly embed addresses, used only after the reader clicks."""

from urllib.parse import parse_qs, urlparse


def embed_url(url):
    """The embed address for a YouTube or Vimeo link (YouTube's no-cookie domain), or "" when unknown."""
    parsed = urlparse(url)
    host = (parsed.hostname or "").removeprefix("www.").removeprefix("m.")
    if host in {"youtube.com", "youtube-nocookie.com"}:
        video_id = parse_qs(parsed.query).get("v", [""])[0]
        if not video_id and parsed.path.startswith(("/embed/", "/shorts/")):
            video_id = parsed.path.split("/")[2]
    elif host == "youtu.be":
        video_id = parsed.path.lstrip("/").split("/")[0]
    elif host in {"vimeo.com", "player.vimeo.com"}:
        digits = [part for part in parsed.path.split("/") if part.isdigit()]
        return f"https://player.vimeo.com/video/{digits[0]}?dnt=1&autoplay=1" if digits else ""
    else:
        return ""
    return f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1" if video_id else ""
