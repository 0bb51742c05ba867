package com.leadignite.security;

import com.leadignite.config.AuthProperties;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Step-up check for sensitive actions (API.md §2): the access token's newest password {@code amr} must
 * be at most {@code leadignite.auth.step-up-max-age} old, and a user with a verified MFA factor must hold
 * an {@code aal2} token. Declare it in one line at the top of a handler: {@code stepUp.require();}
 * (outside any transaction of other claims: the factor check reads under the caller's own).
 */
@Component
public class StepUp {

    private final AuthProperties props;
    private final Clock clock;
    private final MfaPolicy mfa;

    public StepUp(AuthProperties props, Clock clock, MfaPolicy mfa) {
        this.props = props;
        this.clock = clock;
        this.mfa = mfa;
    }

    public void require() {
        require(CurrentUser.get());
    }

    public void require(AuthenticatedUser user) {
        Instant last = user.lastPasswordAuth();
        Instant now = clock.instant();
        // A timestamp in the future (beyond skew) is as suspicious as a stale one.
        if (last == null || last.isBefore(now.minus(props.stepUpMaxAge())) || last.isAfter(now.plus(props.clockSkew()))) {
            throw new ReauthenticationRequiredException();
        }
        // Password first: reauthenticating starts an aal1 session, so the factor is proved after it.
        requireSecondFactor(user);
    }

    /** The MFA half alone: a user with a verified factor needs an {@code aal2} token. */
    public void requireSecondFactor(AuthenticatedUser user) {
        if (!user.isAal2() && mfa.hasVerifiedFactor(user)) {
            throw MfaRequiredException.forStepUp();
        }
    }
}
