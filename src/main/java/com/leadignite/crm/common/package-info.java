/**
 * Reusable pieces for the CRM endpoints: reading JSON bodies strictly ({@link com.leadignite.crm.common.JsonBodies}),
 * PATCH semantics ({@link com.leadignite.crm.common.Patch}), paging and sorting parameters
 * ({@link com.leadignite.web.PageQuery}, {@link com.leadignite.web.SortSpec}), text rules
 * ({@link com.leadignite.crm.common.PlainText}, {@link com.leadignite.crm.common.Texts},
 * {@link com.leadignite.crm.common.HtmlSanitizer}) and audit diffs ({@link com.leadignite.crm.common.AuditDiff}).
 * Authorization is not here: services ask {@link com.leadignite.security.authz.Authorization}.
 */
package com.leadignite.crm.common;
