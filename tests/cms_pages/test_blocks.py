"""Body blocks: testimonies respect consent and anonymity, videos load nothing until asked, figures and
tables say where they come from, charts mirror for Arabic readers."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from cms_pages.blocks import BodyBlock, CallToActionBlock, QuoteBlock, VideoBlock
from cms_pages.charts import bar_chart
from cms_pages.video import embed_url

QUOTE = {
    "quote": "Le plus dur, c'était la première semaine à la maison. أصعب ما في الأمر كان الأسبوع الأول.",
    "speaker": "Aïcha Benali",
    "role": "Couturière · خياطة",
    "place": "Médenine",
    "photo": None,
    "consent": True,
    "anonymise": "none",
}


def render_quote(**changes):
    block = QuoteBlock()
    return block.render(block.to_python({**QUOTE, **changes}))


def test_quote_shows_name_and_role_when_not_anonymised():
    html = render_quote()
    assert "Aïcha Benali" in html and "Couturière" in html and "Médenine" in html


def test_quote_with_first_name_only_hides_surname_and_role():
    html = render_quote(anonymise="first_name")
    assert "Aïcha" in html
    assert "Benali" not in html and "Couturière" not in html
    assert "Médenine" in html


def test_quote_as_a_participant_names_nobody_in_the_readers_language():
    with translation.override("fr"):
        html = render_quote(anonymise="participant")
    assert "Aïcha" not in html and "Benali" not in html
    assert "un participant" in html


def test_quote_without_consent_cannot_be_published():
    block = QuoteBlock()
    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python({**QUOTE, "consent": False}))
    assert "consent" in str(error.value.block_errors)


def test_quote_without_consent_can_wait_in_a_draft():
    block = QuoteBlock()
    # What Wagtail does when an editor saves a draft: validation only publishing needs is deferred.
    value = block.clean_deferred(block.to_python({**QUOTE, "consent": False}))
    assert value["consent"] is False


def test_video_renders_a_link_and_the_transcript_but_no_player():
    block = VideoBlock()
    value = block.to_python(
        {
            "url": "https://youtu.be/abcdefghijk",
            "title": "Retour à Conakry",
            "transcript": "Transcription : « Je suis rentrée sans rien. »",
        }
    )
    html = block.render(value)
    assert "<iframe" not in html and "<img" not in html
    assert 'data-embed="https://www.youtube-nocookie.com/embed/abcdefghijk?autoplay=1"' in html
    assert "Je suis rentrée sans rien" in html


def test_video_needs_a_transcript():
    block = VideoBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"url": "https://vimeo.com/123456", "title": "Témoignage", "transcript": ""}))


@pytest.mark.parametrize(
    "url,expected",
    [
        (
            "https://www.youtube.com/watch?v=abc123DEF45",
            "https://www.youtube-nocookie.com/embed/abc123DEF45?autoplay=1",
        ),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"),
        ("https://example.org/video.mp4", ""),
    ],
)
def test_embed_addresses(url, expected):
    assert embed_url(url) == expected


@pytest.mark.django_db
def test_call_to_action_needs_a_page_or_an_address():
    block = CallToActionBlock()
    with pytest.raises(ValidationError):
        block.clean(
            block.to_python(
                {"heading": "Rejoignez-nous", "text": "", "button_label": "Adhérer", "page": None, "url": ""}
            )
        )


def test_key_figures_table_and_accordion_render_their_content():
    stream = BodyBlock()
    value = stream.to_python(
        [
            {
                "type": "key_figures",
                "value": {
                    "heading": "Chiffres clés",
                    "figures": [
                        {
                            "value": "12 400",
                            "label": "personnes accompagnées",
                            "source": "Suivi du réseau",
                            "as_of": "2024-12-31",
                        }
                    ],
                },
            },
            {
                "type": "table",
                "value": {"caption": "Retours par pays", "rows": "Pays | 2023 | 2024\nGuinée | 2 600 | 2 100"},
            },
            {
                "type": "accordion",
                "value": {
                    "heading": "FAQ",
                    "items": [
                        {
                            "question": "Qui peut venir au centre ?",
                            "answer": "<p>Toute personne, quel que soit son statut.</p>",
                        }
                    ],
                },
            },
        ]
    )
    with translation.override("fr"):
        html = "".join(block.render() for block in value)
    assert "12 400" in html and "Source : Suivi du réseau, au 31 décembre 2024" in html
    assert '<th scope="col">2024</th>' in html and '<th scope="row">Guinée</th>' in html and "<td>2 100</td>" in html
    assert "<details><summary>Qui peut venir au centre ?</summary>" in html


def bar_positions(svg):
    return [float(x) for x in re.findall(r'<rect x="([\d.]+)"', svg)]


def test_chart_runs_left_to_right_and_mirrors_for_arabic():
    points = [("2022", 100.0), ("2023", 250.0), ("2024", 400.0)]
    ltr, rtl = bar_positions(bar_chart(points)), bar_positions(bar_chart(points, rtl=True))
    assert ltr == sorted(ltr)
    assert rtl == sorted(rtl, reverse=True)
    assert sorted(ltr) == sorted(rtl)


def test_chart_bars_are_proportional_and_labelled():
    svg = bar_chart([("2023", 200.0), ("2024", 400.0)], title="Retours · العودة")
    heights = [float(h) for h in re.findall(r'height="([\d.]+)" fill', svg)]
    assert heights[1] == pytest.approx(2 * heights[0])
    assert 'role="img"' in svg and "<title>Retours · العودة</title>" in svg
    # Each number is isolated left to right (U+2066 ... U+2069): "11 200" never reads "200 11" in Arabic.
    assert "<title>2024: \u2066400\u2069</title>" in svg
