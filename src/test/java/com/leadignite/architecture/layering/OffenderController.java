package com.leadignite.architecture.layering;

import org.springframework.web.bind.annotation.RestController;

/** Sample offenders for {@link com.leadignite.architecture.PackageRulesTest}: a controller that skips its service. */
@RestController
public class OffenderController {
    private final OffenderRepository repository;

    public OffenderController(OffenderRepository repository) {
        this.repository = repository;
    }

    public int count() {
        return repository.count();
    }
}
