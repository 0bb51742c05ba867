package com.leadignite.webhooks.process;

import com.leadignite.webhooks.Provider;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Every {@link WebhookEventHandler} bean; an event type none supports is stored and ignored. */
@Component
public class WebhookEventHandlers {

    private final List<WebhookEventHandler> handlers;

    public WebhookEventHandlers(List<WebhookEventHandler> handlers) {
        this.handlers = List.copyOf(handlers);
    }

    public Optional<WebhookEventHandler> find(Provider provider, String eventType) {
        if (eventType == null) {
            return Optional.empty();
        }
        return handlers.stream().filter(h -> h.supports(provider, eventType)).findFirst();
    }

    public boolean known(Provider provider, String eventType) {
        return find(provider, eventType).isPresent();
    }
}
