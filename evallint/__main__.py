"""Lets ``python -m evallint`` run the command line."""

from evallint.cli.main import run

if __name__ == "__main__":
    run()
