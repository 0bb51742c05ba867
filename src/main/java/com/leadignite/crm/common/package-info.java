/**
 * Reusable pieces for the CRM endpoints: reading JSON bodies strictly ({@link com.leadignite.crm.common.JsonBodies}),
 * PATCH semantics ({@link com.leadignite.crm.common.Patch}), paging and sorting parameters
 * ({@link com.leadignite.web.PageQuery}, {@link com.leadignite.web.SortSpec}), text rules
 * ({@link com.leadignite.crm.common.PlainText}, {@link com.leadignite.crm.common.Texts},
 * {@link com.leadignite.crm.common.HtmlSanitizer}), id parsing ({@link com.leadignite.crm.common.Ids}) and
 * access denials that are audited ({@link com.leadignite.crm.common.AccessGuard}).
 */
package com.leadignite.crm.common;
