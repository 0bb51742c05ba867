package com.leadignite.architecture.layering;

/** A repository that calls up into a service. */
public class OffenderRepository {
    private final OffenderService service;

    public OffenderRepository(OffenderService service) {
        this.service = service;
    }

    public int count() {
        return service.count();
    }
}
