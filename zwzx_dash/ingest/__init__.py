"""Files in: CSV folders, workbooks, the columnar fast path and article extraction, each
validated into the model's tables (load.load_input is the entry). Imports only model."""
