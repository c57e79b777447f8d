from dlprep.cli import app

app(prog_name="dlprep")
