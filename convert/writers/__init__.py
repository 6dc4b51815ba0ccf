"""Built-in writers, one module per format. Import a writer module only to use it."""
