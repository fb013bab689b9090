"""The search evaluation behind `make eval`: a labelled corpus and queries in en, fr, ar and nl.

corpus/<language>/*.txt are the documents' sources (title, target format, paragraphs), written for
this set; corpus.py turns them into the PDF, DOCX, HTML and text files that `import_library` reads.
queries.yaml holds the queries and their graded relevance judgements; metrics.py the measures;
`python -m tests.eval` (__main__.py) runs everything and writes build/eval/.
"""
