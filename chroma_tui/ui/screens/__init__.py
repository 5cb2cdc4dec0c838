"""One screen per file. Import them where needed (the run screens lazily, inside methods)."""
