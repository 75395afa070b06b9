"""Content loaders: read the files of content/ and validate them into the model.

One module per kind of content (news, awards, pages, schedule, static), each
with a `load_*` function that records problems instead of raising.
"""
