"""std.email: send a message through an SMTP server."""

import smtplib
from email import header
from email.mime import multipart, text

from mistral_engine import exceptions as exc
from mistral_engine.actions.std.base import StdAction


class SendEmailAction(StdAction):
    # No docstring: Mistral's class has none, so its description is the base Action's.

    mistral_class = "SendEmailAction"

    def __init__(
        self,
        from_addr,
        to_addrs,
        smtp_server,
        reply_to=None,
        cc_addrs=None,
        bcc_addrs=None,
        smtp_password=None,
        subject=None,
        body=None,
        html_body=None,
    ):
        super().__init__()
        self.to = to_addrs
        self.cc = cc_addrs or []
        self.bcc = bcc_addrs or []
        self.reply_to = reply_to or []
        self.subject = subject or "<No subject>"
        self.body = body or "<No body>"
        self.html_body = html_body
        self.smtp_server = smtp_server
        self.sender = from_addr
        self.password = smtp_password

    def _message(self):
        if not self.html_body:
            message = text.MIMEText(self.body, _charset="utf-8")
        else:
            message = multipart.MIMEMultipart("alternative")
            message.attach(text.MIMEText(self.body, "plain", _charset="utf-8"))
            message.attach(text.MIMEText(self.html_body, "html", _charset="utf-8"))
        message["Subject"] = header.Header(self.subject, "utf-8")
        message["From"] = self.sender
        message["Reply-To"] = header.Header(", ".join(self.reply_to))
        message["To"] = ", ".join(self.to)
        if self.cc:
            message["cc"] = ", ".join(self.cc)
        return message

    def run(self, context):
        message = self._message()
        recipients = self.cc + self.bcc + self.to
        try:
            smtp = smtplib.SMTP(self.smtp_server)
            try:
                if self.password is not None:
                    # RFC 2487: upgrade to TLS, then log in.
                    smtp.ehlo()
                    smtp.starttls()
                    smtp.ehlo()
                    smtp.login(self.sender, self.password)
                smtp.sendmail(from_addr=self.sender, to_addrs=recipients, msg=message.as_string())
            finally:
                try:
                    smtp.quit()
                except (smtplib.SMTPException, OSError):
                    pass
        except (smtplib.SMTPException, OSError) as e:
            raise exc.ActionException(f"Failed to send an email message: {e}")
        return None

    def test(self, context):
        return None
