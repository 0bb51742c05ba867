package com.leadignite.crm.capture;

/**
 * The lead fields a public form may send. Everything else (status, owner, assignment, org, ids,
 * timestamps) is server-set and refused as an unknown field.
 */
public record CaptureRequest(String firstName, String lastName, String email, String phone, String company,
                             String source, String notes) {
}
