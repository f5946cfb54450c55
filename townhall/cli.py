"""Flask CLI commands: `flask --app wsgi <command>`."""
import click

from . import demo
from .links import base_url
from .services import accounts, presence, retention


def init_app(app):
    @app.cli.command("create-organizer")
    @click.option("--email", prompt=True)
    @click.option("--name", prompt=True)
    @click.password_option()
    def create_organizer(email, name, password):
        """Create an organizer account."""
        from .errors import DomainError

        try:
            accounts.create_organizer(email=email, name=name, password=password)
        except DomainError as exc:
            raise click.ClickException(exc.message) from None
        click.echo(f"Organizer {email} created. Log in at {base_url()}/login")

    @app.cli.command("setup-link")
    def setup_link():
        """Print a one-time link that creates the first organizer (only while none exists)."""
        token = accounts.issue_setup_token()
        if token is None:
            click.echo(f"Organizers exist already: log in at {base_url()}/login")
        else:
            bar = "=" * 72
            click.echo(f"\n{bar}\n  First run: create the first organizer account at\n\n"
                       f"    {base_url()}/setup/{token}\n\n"
                       f"  (one-time link, valid {accounts.SETUP_LINK_HOURS} hours)\n{bar}\n")

    @app.cli.command("reset-presence")
    def reset_presence():
        """Forget socket connections left over from a previous server run."""
        click.echo(f"Cleared {presence.reset()} stale connection(s).")

    @app.cli.command("demo")
    @click.option("--new-password", is_flag=True, help="Give the demo organizer a new password (it is kept otherwise).")
    def demo_command(new_password):
        """Two demo events: one about to start (sample questions and votes), one held yesterday. Run again, it
        finds them: no event twice, the password kept (the first run printed it). Links: PUBLIC_URL, as served."""
        info = demo.ensure_demo(new_password=new_password)
        base = base_url()
        login = f"password: {info['password']}" if info["password"] else \
            "password unchanged (printed the first time; flask demo --new-password sets a new one)"
        click.echo(f"Demo organizer: {info['email']} / {login}")
        click.echo(f"Moderator dashboard: {base}/dashboard/e/{info['code']}")
        click.echo(f"Projector:           {base}/e/{info['code']}/projector")
        click.echo(f"Attendee join URL:   {base}/e/{info['code']}")
        click.echo(f"Held yesterday ({info['held_code']}), its minutes: {base}/dashboard/e/{info['held_code']}/minutes")
        click.echo(f"Its follow-up, in public: {base}/e/{info['held_code']}/followup")


    @app.cli.command("retention")
    @click.option("--dry-run", is_flag=True, help="Print what would be deleted; change nothing.")
    def retention_command(dry_run):
        """Delete attendee identities of events past their retention (run it daily: docs/privacy.md)."""
        found = retention.due() if dry_run else retention.run()
        verb = "to delete" if dry_run else "deleted"
        for entry in found:
            count = entry["attendees"] if dry_run else entry["deleted"]
            click.echo(f"{entry['code']}  {entry['title']}  (ended {entry['ended_at']:%Y-%m-%d %H:%M} UTC): "
                       f"{verb} {count} attendee identit{'y' if count == 1 else 'ies'}")
        total = sum(e["attendees"] if dry_run else e["deleted"] for e in found)
        click.echo(f"{'Dry run: ' if dry_run else ''}{len(found)} event(s) due, {total} attendee identities "
                   f"{verb}.")
