package com.leadignite.admin;

import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Operator settings.
 *
 * @param operatorOrgId the organization that operates the service ({@code LEADIGNITE_OPERATOR_ORG_ID}): only
 *                      its admins may call the operator endpoints ({@code /api/v1/admin/keys/...}). Unset:
 *                      nobody may. A value that is not a UUID stops start-up.
 */
@Validated
@ConfigurationProperties("leadignite")
public record AdminProperties(UUID operatorOrgId) {
}
