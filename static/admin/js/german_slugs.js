/*
 * Slugs the way German is written without umlauts: "Bürgermeisterin Größe"
 * becomes "buergermeisterin-groesse", not "burgermeisterin-groe".
 *
 * Django's admin fills a prepopulated slug field with URLify (urlify.js),
 * which drops the umlaut's dots ("ü" → "u"). This file wraps URLify so that
 * German letters are spelt out first, as the server does
 * (newsroom/text.py, german_slugify). Loaded from a file after urlify.js on
 * the change forms with a prepopulated slug: no inline code, so it runs under
 * the admin's Content-Security-Policy.
 */
"use strict";
{
    const GERMAN = {
        "ä": "ae", "ö": "oe", "ü": "ue",
        "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
        "ß": "ss", "ẞ": "SS",
    };
    const LETTERS = /[äöüÄÖÜßẞ]/g;

    function spellOutGerman(text) {
        // Decomposed umlauts ("u" + combining diaeresis) are composed first.
        return String(text).normalize("NFC").replace(LETTERS, (letter) => GERMAN[letter]);
    }

    function wrap() {
        const urlify = window.URLify;
        if (typeof urlify !== "function" || urlify.germanSlugs) {
            return typeof urlify === "function";
        }
        const germanURLify = function (text, numChars, allowUnicode) {
            // A Unicode slug field keeps its umlauts as typed.
            return urlify(allowUnicode ? text : spellOutGerman(text), numChars, allowUnicode);
        };
        germanURLify.germanSlugs = true;
        window.URLify = germanURLify;
        return true;
    }

    // urlify.js normally comes first; if not, wrap it once the page is read.
    if (!wrap()) {
        document.addEventListener("DOMContentLoaded", wrap);
    }
}
