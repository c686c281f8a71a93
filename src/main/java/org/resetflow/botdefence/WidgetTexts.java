package org.resetflow.botdefence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The widget's texts from messages*.properties ({@code botdefence.widget.*}), as the JSON its {@code strings}
 * attribute takes, so the widget speaks the page's language without loading the widget's own translation bundles.
 */
@Component("botDefenceWidgetTexts")
class WidgetTexts {

    /**
     * Every text of the widget (altcha 2.3.0) but its footer, which {@code hidefooter} keeps off the page; the code
     * challenge's texts too, so no state of the widget falls back to its English.
     */
    static final List<String> KEYS = List.of("label", "verifying", "verified", "verificationRequired",
            "waitAlert", "error", "expired", "loading", "reload", "verify", "enterCode", "enterCodeAria",
            "getAudioChallenge", "ariaLinkLabel");

    private final MessageSource messages;
    private final ObjectMapper json = new ObjectMapper();

    WidgetTexts(MessageSource messages) {
        this.messages = messages;
    }

    public String json(Locale locale) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (String key : KEYS) {
            String text = messages.getMessage("botdefence.widget." + key, null, null, locale);
            if (text != null) {
                texts.put(key, text);
            }
        }
        try {
            return json.writeValueAsString(texts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
