package com.leadignite.crm.common;

/**
 * Bean Validation group for constraints that hold only when a resource is created (a required field
 * may be absent from a PATCH). {@link JsonBodies#create} validates {@code Default} and this group,
 * {@link JsonBodies#patch} only {@code Default}.
 */
public interface OnCreate {
}
