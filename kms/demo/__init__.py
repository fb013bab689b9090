"""The demo site as data: `data/` holds the content, one module per part loads it (`manage.py load_demo`)."""
