package com.leadignite.webhooks.process;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Event ids waiting for the worker, one first-in-first-out line per org, served round-robin: each
 * {@link #take} takes the head of the next org's line and sends that org to the back. An event
 * already waiting is not queued twice; beyond the bounds (in all, per org) an offer is dropped, and
 * the event waits in the database for the poll.
 */
final class FairQueue {

    record Entry(UUID eventId, UUID orgId) {
    }

    private final int maxTotal;
    private final int maxPerOrg;
    /** Iteration order is the turn order. */
    private final LinkedHashMap<UUID, ArrayDeque<UUID>> lines = new LinkedHashMap<>();
    private final Set<UUID> waiting = new HashSet<>();

    FairQueue(int maxTotal, int maxPerOrg) {
        this.maxTotal = maxTotal;
        this.maxPerOrg = maxPerOrg;
    }

    /** False when the event was already waiting or a bound was reached. */
    synchronized boolean offer(UUID eventId, UUID orgId) {
        if (waiting.size() >= maxTotal || waiting.contains(eventId)) {
            return false;
        }
        ArrayDeque<UUID> line = lines.get(orgId);
        if (line == null) {
            line = new ArrayDeque<>();
            lines.put(orgId, line);
        } else if (line.size() >= maxPerOrg) {
            return false;
        }
        line.addLast(eventId);
        waiting.add(eventId);
        notifyAll();
        return true;
    }

    /** Waits for an event and takes the next org's oldest one. */
    synchronized Entry take() throws InterruptedException {
        while (waiting.isEmpty()) {
            wait();
        }
        Iterator<Map.Entry<UUID, ArrayDeque<UUID>>> it = lines.entrySet().iterator();
        Map.Entry<UUID, ArrayDeque<UUID>> first = it.next();
        UUID orgId = first.getKey();
        ArrayDeque<UUID> line = first.getValue();
        UUID eventId = line.pollFirst();
        it.remove();
        if (!line.isEmpty()) {
            lines.put(orgId, line);
        }
        waiting.remove(eventId);
        return new Entry(eventId, orgId);
    }

    synchronized int size() {
        return waiting.size();
    }
}
