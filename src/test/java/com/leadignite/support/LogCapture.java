package com.leadignite.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Collects log events for tests while any number of threads keep logging (request threads, scheduled
 * jobs). Logback's {@code ListAppender} exposes a plain list that a test cannot iterate safely while
 * others append; here every read is a copy taken under the same lock as the writes.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> {

    private final List<ILoggingEvent> events = new ArrayList<>();

    /** Starts capturing everything that reaches {@code logger}. Detach with {@link #detach()}. */
    public static LogCapture attachTo(Logger logger) {
        LogCapture capture = new LogCapture();
        capture.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        capture.start();
        logger.addAppender(capture);
        capture.logger = logger;
        return capture;
    }

    private Logger logger;

    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing();
        synchronized (events) {
            events.add(event);
        }
    }

    /** The events so far, as an independent list. */
    public List<ILoggingEvent> snapshot() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    public void detach() {
        if (logger != null) {
            logger.detachAppender(this);
        }
        stop();
    }
}
