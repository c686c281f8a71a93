package org.resetflow.bench.plain;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The request page: one row per valid request, the same answer for every one. */
@Controller
class RequestController {

    private final JdbcTemplate jdbc;

    RequestController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/")
    String form(CsrfToken csrf) {
        csrf.getToken(); // creates the token now, so its cookie is set before the page is written
        return "form";
    }

    @PostMapping("/request")
    String request(@RequestParam(defaultValue = "") String identifier, HttpServletRequest request,
                   HttpServletResponse response, Model model) {
        String cleaned = identifier.strip();
        if (cleaned.isEmpty() || cleaned.length() > 256) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("invalid", true);
            return "form";
        }
        jdbc.update("INSERT INTO reset_request (identifier, client_address, requested_at) VALUES (?, ?, ?)",
                cleaned, request.getRemoteAddr(), Timestamp.from(Instant.now()));
        return "sent";
    }
}
