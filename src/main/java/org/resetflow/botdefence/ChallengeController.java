package org.resetflow.botdefence;

import jakarta.servlet.http.HttpServletResponse;
import org.altcha.altcha.Altcha;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Hands the widget a fresh signed challenge. Costs one SHA-256 and one HMAC; no database, no session. */
@RestController
class ChallengeController {

    static final String PATH = "/bot-defence/challenge";

    private final Challenges challenges;
    private final BotDefence botDefence;

    ChallengeController(Challenges challenges, BotDefence botDefence) {
        this.challenges = challenges;
        this.botDefence = botDefence;
    }

    @GetMapping(PATH)
    ResponseEntity<Altcha.Challenge> challenge() {
        if (!botDefence.enabled()) {
            return ResponseEntity.status(HttpServletResponse.SC_NOT_FOUND).build();
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(challenges.issue());
    }
}
