package com.leadignite.apidoc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the OpenAPI document says about each operation beyond its handler signature: a stable
 * operation id, its tag and summary, the success status, the error statuses it really answers beyond
 * the ones {@link ApiDocument} derives (401/403 when signed in, 404 with a path id, 400/413/415 with a
 * body, 429 and 500 everywhere), whether it is public, and the schema of a body the handler reads as
 * raw JSON. Keyed by {@code "METHOD /path/{template}"}; an operation missing here keeps springdoc's
 * defaults and fails {@code OpenApiDocumentTest}.
 */
final class ApiCatalog {

    record Op(String id, String tag, String summary, int status, boolean isPublic, List<Integer> extraErrors,
              String body) {
    }

    static final Map<String, Op> OPS = new LinkedHashMap<>();

    private static void op(String key, String id, String tag, String summary, int status, Integer... extra) {
        OPS.put(key, new Op(id, tag, summary, status, false, List.of(extra), null));
    }

    private static void body(String key, String id, String tag, String summary, int status, String body, Integer... extra) {
        OPS.put(key, new Op(id, tag, summary, status, false, List.of(extra), body));
    }

    private static void open(String key, String id, String tag, String summary, int status, Integer... extra) {
        OPS.put(key, new Op(id, tag, summary, status, true, List.of(extra), null));
    }

    static {
        // /auth/v1 (GoTrue-compatible; errors in GoTrue's shape)
        open("POST /auth/v1/signup", "signUp", "auth", "Sign up: a new organization and its admin, or join by invitation", 200, 403, 422);
        open("POST /auth/v1/token", "createToken", "auth",
                "Sign in with a password, or exchange a refresh token; session=cookie answers with HttpOnly cookies", 200, 403);
        op("GET /auth/v1/user", "getCurrentUser", "auth", "The signed-in user", 200);
        op("PUT /auth/v1/user", "updateCurrentUser", "auth", "Change the signed-in user's metadata or password, or start an email change", 200, 403, 422);
        op("POST /auth/v1/logout", "signOut", "auth", "Sign out: every session (scope=global, the default), this one (local) or the others", 204);
        open("POST /auth/v1/recover", "recoverPassword", "auth",
                "Mail a password-recovery link and code if the address has an account (always 200 {})", 200);
        open("POST /auth/v1/verify", "verifyOtp", "auth",
                "Exchange a mailed link (token_hash) or code for a session: recovery, signup, email_change", 200, 403, 422);
        open("POST /auth/v1/resend", "resendOtp", "auth", "Mail the confirmation or email-change link again (always 200 {})", 200);
        op("POST /auth/v1/reauthenticate", "reauthenticate", "auth", "Confirm the password again for sensitive actions", 200);
        op("GET /auth/v1/reauthenticate", "requestReauthenticationNonce", "auth",
                "Ask for a one-time code that lets PUT /auth/v1/user change the password without a recent sign-in", 200);
        op("POST /auth/v1/factors", "enrollFactor", "auth",
                "Enroll a TOTP factor: its secret and otpauth URI, shown once; unverified until its first code", 200, 422);
        op("POST /auth/v1/factors/{id}/challenge", "challengeFactor", "auth", "Open a challenge for a code of the factor", 200, 404);
        op("POST /auth/v1/factors/{id}/verify", "verifyFactor", "auth",
                "Check a code against a challenge: the session is raised to aal2 and new tokens are returned", 200, 404, 422);
        op("DELETE /auth/v1/factors/{id}", "unenrollFactor", "auth",
                "Remove a factor (needs an aal2 session once the user has a verified factor)", 200, 404);
        open("GET /auth/v1/providers", "listProviders", "auth",
                "Names of the configured social-login providers (for sign-in buttons): {\"providers\": [...]}", 200);
        open("GET /auth/v1/authorize", "authorize", "auth",
                "Social login (OIDC, PKCE S256 required): 302 to the provider", 302, 400);
        open("GET /auth/v1/callback", "socialLoginCallback", "auth",
                "Social login: the provider's redirect back; 302 to the allow-listed redirect_to with ?code=", 302, 400);
        open("GET /auth/v1/.well-known/jwks.json", "getJwks", "auth", "Public keys that verify access tokens", 200);
        open("GET /.well-known/jwks.json", "getJwksAtRoot", "auth", "Public keys that verify access tokens (root alias)", 200);
        open("GET /actuator/health", "getHealth", "health", "Whether the service is up", 200, 503);
        // organization
        op("GET /api/v1/org", "getOrg", "org", "The caller's organization", 200);
        body("PATCH /api/v1/org", "updateOrg", "org",
                "Rename the organization or require MFA (aal2) of its admins (admin, recent sign-in)", 200, "OrgPatch");
        // users
        op("GET /api/v1/users", "listUsers", "users", "List the organization's users (admin)", 200, 400);
        op("GET /api/v1/users/{id}", "getUser", "users", "One user of the organization (admin)", 200);
        op("PATCH /api/v1/users/{id}/role", "changeUserRole", "users", "Change a user's role (admin, recent sign-in)", 200, 409);
        op("POST /api/v1/users/{id}/lock", "lockUser", "users", "Lock a user and end their sessions (admin, recent sign-in)", 200, 409);
        op("POST /api/v1/users/{id}/unlock", "unlockUser", "users", "Unlock a user (admin, recent sign-in)", 200);
        // invitations
        op("POST /api/v1/invitations", "createInvitation", "invitations", "Invite someone by email with a role (admin)", 201, 409);
        op("GET /api/v1/invitations", "listInvitations", "invitations", "List invitations (admin)", 200, 400);
        op("GET /api/v1/invitations/{id}", "getInvitation", "invitations", "One invitation (admin)", 200);
        op("DELETE /api/v1/invitations/{id}", "revokeInvitation", "invitations", "Revoke an invitation (admin)", 204);
        // form keys and public capture
        op("POST /api/v1/form-keys", "createFormKey", "form-keys", "Create a public form key for lead capture (admin)", 201);
        op("GET /api/v1/form-keys", "listFormKeys", "form-keys", "List form keys (admin)", 200, 400);
        op("DELETE /api/v1/form-keys/{id}", "deleteFormKey", "form-keys", "Delete a form key (admin)", 204);
        open("POST /api/v1/public/lead-capture", "captureLead", "lead-capture",
                "Capture a lead from a public web form (X-Form-Key, allowed Origin)", 201, 400, 401, 403, 413, 415);
        // leads and calls
        op("GET /api/v1/leads", "listLeads", "leads", "List the leads the caller may see", 200, 400);
        body("POST /api/v1/leads", "createLead", "leads", "Create a lead", 201, "NewLead", 409, 422);
        op("GET /api/v1/leads/{id}", "getLead", "leads", "One lead", 200);
        body("PATCH /api/v1/leads/{id}", "updateLead", "leads", "Change the fields sent; null clears an optional field", 200, "LeadPatch", 409);
        op("DELETE /api/v1/leads/{id}", "deleteLead", "leads", "Delete a lead and its calls (admin)", 204);
        body("POST /api/v1/leads/{id}/assign", "assignLead", "leads", "Assign a lead to an agent, or unassign it with null (admin)", 200,
                "LeadAssignment", 409);
        op("GET /api/v1/leads/{leadId}/calls", "listCalls", "calls", "List a lead's calls", 200, 400);
        body("POST /api/v1/leads/{leadId}/calls", "createCall", "calls", "Record a call on a lead", 201, "NewCall", 409, 422);
        op("GET /api/v1/calls/{id}", "getCall", "calls", "One call", 200);
        // assistants
        op("GET /api/v1/assistants", "listAssistants", "assistants", "List AI voice assistants", 200, 400);
        body("POST /api/v1/assistants", "createAssistant", "assistants", "Create an assistant (admin)", 201, "NewAssistant");
        op("GET /api/v1/assistants/{id}", "getAssistant", "assistants", "One assistant", 200);
        body("PATCH /api/v1/assistants/{id}", "updateAssistant", "assistants", "Change an assistant (admin)", 200, "AssistantPatch");
        op("DELETE /api/v1/assistants/{id}", "deleteAssistant", "assistants", "Delete an assistant (admin)", 204);
        // webhooks
        op("POST /api/v1/webhook-endpoints", "createWebhookEndpoint", "webhooks",
                "Register a webhook endpoint; the secret is shown once (admin, recent sign-in)", 201);
        op("GET /api/v1/webhook-endpoints", "listWebhookEndpoints", "webhooks", "List webhook endpoints (admin)", 200, 400);
        op("POST /api/v1/webhook-endpoints/{id}/rotate", "rotateWebhookSecret", "webhooks",
                "New secret; the previous one keeps verifying for 24 hours (admin, recent sign-in)", 200);
        op("DELETE /api/v1/webhook-endpoints/{id}", "deleteWebhookEndpoint", "webhooks", "Delete a webhook endpoint (admin, recent sign-in)", 204);
        op("GET /api/v1/webhook-endpoints/{id}/events", "listWebhookEvents", "webhooks",
                "List an endpoint's received events: status, skip or failure reason, attempts; never the payload (admin, recent sign-in)", 200, 400);
        open("POST /webhooks/{provider}/{endpointId}", "receiveWebhook", "webhooks",
                "Receive a signed provider event (200 queued, 202 ignored event type)", 200, 202, 400, 401, 404, 409, 413, 415);
        // integrations (API.md §4)
        op("GET /api/v1/integrations", "listIntegrations", "integrations",
                "Status of each provider: connected, reason, scopes, dates, last 4 of an API key (admin, recent sign-in)", 200);
        op("POST /api/v1/integrations/ghl/connect", "connectGhl", "integrations",
                "Start GoHighLevel's OAuth flow (PKCE S256): the URL to send the browser to (admin, recent sign-in)", 200, 409);
        op("GET /api/v1/integrations/ghl/callback", "completeGhlConnection", "integrations",
                "Where GoHighLevel sends the browser back: single-use state of this user and session (admin, recent sign-in)",
                200, 400, 502, 503);
        body("PUT /api/v1/integrations/{provider}", "storeIntegrationKey", "integrations",
                "Store a Vapi or ElevenLabs API key, checked at the provider first (admin, recent sign-in)", 200, "ApiKey", 502, 503);
        body("POST /api/v1/integrations/{provider}/rotate", "rotateIntegration", "integrations",
                "Refresh GoHighLevel tokens now, or replace an API key (admin, recent sign-in)", 200, "ApiKey", 409, 502, 503);
        op("DELETE /api/v1/integrations/{provider}", "deleteIntegration", "integrations",
                "Revoke at the provider where it can, then delete (admin, recent sign-in)", 204);
        op("POST /api/v1/integrations/ghl/import", "importGhlContacts", "integrations",
                "Import GoHighLevel contacts as leads, idempotent by contact id (admin)", 200, 409, 502, 503);
        body("POST /api/v1/leads/{id}/dial", "dialLead", "calls",
                "Place an outbound AI call through Vapi: a queued call that the call.ended webhook completes (admin, assigned agent)",
                201, "DialRequest", 409, 502, 503);
        op("POST /api/v1/assistants/{id}/publish", "publishAssistant", "assistants",
                "Create or update the assistant at its provider and store its id as external_id (admin)", 200, 409, 502, 503);
        // audit and operator
        op("GET /api/v1/audit-events", "listAuditEvents", "audit", "List audit events (admin)", 200, 400);
        op("GET /api/v1/audit-events/verify", "verifyAuditChain", "audit", "Recompute the audit hash chain (admin)", 200);
        op("GET /api/v1/audit-events/export", "exportAuditEvents", "audit",
                "The org's audit chain as NDJSON with chain hashes, for offline verification (admin, recent sign-in)", 200, 400);
        op("GET /api/v1/admin/alerts", "listAlerts", "admin", "The org's open or resolved alerts (admin)", 200, 400);
        body("POST /api/v1/admin/keys/rotate", "rotateKeys", "admin",
                "Retire the JWT signing key or re-seal stored secrets (operator org admin, recent sign-in)", 200, "KeyRotation");
    }

    private ApiCatalog() {
    }
}
