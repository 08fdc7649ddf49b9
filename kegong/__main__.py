from kegong.cli import run

run()
