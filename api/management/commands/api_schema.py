from django.core.management.base import BaseCommand, CommandError

from api import schema


class Command(BaseCommand):
    help = "Write the API's OpenAPI schema to api/openapi.json (--check: only compare)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="fail if the file is out of date")

    def handle(self, *args, check=False, **options):
        text = schema.dumps(schema.generate())
        if check:
            if schema.SCHEMA_FILE.read_text() != text:
                raise CommandError("api/openapi.json is out of date: run manage.py api_schema")
            self.stdout.write("api/openapi.json is up to date")
            return
        schema.SCHEMA_FILE.write_text(text)
        self.stdout.write(f"wrote {schema.SCHEMA_FILE}")
