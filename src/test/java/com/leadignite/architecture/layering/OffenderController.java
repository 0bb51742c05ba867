package com.leadignite.architecture.layering;

/**
 * Sample offenders for {@link com.leadignite.architecture.PackageRulesTest}: a controller that skips its service.
 * (Not annotated, or the application's component scan would pick it up in tests.)
 */
public class OffenderController {
    private final OffenderRepository repository;

    public OffenderController(OffenderRepository repository) {
        this.repository = repository;
    }

    public int count() {
        return repository.count();
    }
}
