package dev.tillbridge.notifier.mail;

import dev.tillbridge.notifier.service.AccountContact;
import dev.tillbridge.notifier.service.Digest;
import dev.tillbridge.notifier.service.MailComposer;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** Renders the digest from the Qute templates {@code templates/digest.txt} and {@code templates/digest.html}. */
@ApplicationScoped
public class QuteMailComposer implements MailComposer {

    private final Template text;
    private final Template html;

    public QuteMailComposer(@Location("digest.txt") Template text, @Location("digest.html") Template html) {
        this.text = text;
        this.html = html;
    }

    @Override
    public Bodies compose(Digest digest, AccountContact contact, Duration interval, String settingsLink) {
        DigestView view = DigestView.of(digest, contact, interval, settingsLink);
        return new Bodies(
                text.data("view", view).render(), html.data("view", view).render());
    }
}
