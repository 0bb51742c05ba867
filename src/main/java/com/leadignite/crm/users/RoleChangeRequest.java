package com.leadignite.crm.users;

/** {@code {"role": "admin|agent|user"}}; any other field is refused by the JSON reader. */
public record RoleChangeRequest(String role) {
}
