//! The one table of diagnostic codes: each code's stable number, the key of its texts in the
//! UI strings (`[diagnostic.KEY]` in `themes/default/i18n/<language>.toml`), its severity, and what the
//! reference in `docs/diagnostics.md` says about it (generated from this table).

use serde::{Serialize, Serializer};

use super::Severity;
#[cfg(test)]
use crate::ui::Ui;

/// What the code reference says about one code (its texts are read by the generated
/// reference, `docs/diagnostics.md`, which a unit test keeps current).
#[derive(Debug)]
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) struct CodeInfo {
    pub(crate) code: Code,
    /// Stable number shown to authors, `K0305`.
    pub(crate) id: &'static str,
    /// Key of the message texts under `[diagnostic]` in the UI strings.
    pub(crate) key: &'static str,
    pub(crate) severity: Severity,
    /// When it happens, in one sentence.
    pub(crate) explanation: &'static str,
    /// A file (or front-matter excerpt) that triggers it.
    pub(crate) example: &'static str,
    /// How to fix it.
    pub(crate) fix: &'static str,
}

macro_rules! codes {
    ($( $variant:ident = $id:literal, $key:literal, $severity:ident,
        $explanation:literal, $example:literal, $fix:literal; )*) => {
        /// Every kind of problem katalogs reports.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub(crate) enum Code { $($variant),* }

        /// The table, in the order of the enum.
        pub(crate) const CODES: &[CodeInfo] = &[$(CodeInfo {
            code: Code::$variant,
            id: $id,
            key: $key,
            severity: Severity::$severity,
            explanation: $explanation,
            example: $example,
            fix: $fix,
        }),*];
    };
}

codes! {
    Other = "K0000", "other", Error,
        "A problem reported by code that does not name a specific code yet.",
        "", "Read the message; it says what is wrong.";

    // Reading files
    FileUnreadable = "K0101", "file_unreadable", Error,
        "A file could not be read from disk (permissions, a file that vanished while building).",
        "", "Check that the file exists and can be read by the user running katalogs.";
    FileTooLarge = "K0102", "file_too_large", Error,
        "A content file is larger than any real page; it is probably not content.",
        "", "Move large files (PDFs, images) out of Markdown or split the text.";
    NotUtf8 = "K0103", "not_utf8", Error,
        "The file is not UTF-8 text (often a file saved as Windows-1257).",
        "", "Save the file as UTF-8 in your editor.";
    NulByte = "K0104", "nul_byte", Error,
        "The file contains a NUL byte, so it is probably a binary file.",
        "", "Remove the file from content/ or save it as plain text.";
    FrontMatterTooLarge = "K0105", "front_matter_too_large", Error,
        "The front matter between the `---` lines is too large.",
        "", "Move long texts from the front matter into the body.";
    FrontMatterUnclosed = "K0106", "front_matter_unclosed", Error,
        "The front matter starts with `---` but no line `---` closes it.",
        "---\ntitle: Pakalpojums\n\nTeksts…", "Add a line with only `---` after the last field.";
    FileEmpty = "K0107", "file_empty", Error,
        "A Markdown file is empty.",
        "", "Write the front matter and the text, or delete the file.";
    NoFrontMatter = "K0108", "no_front_matter", Error,
        "A Markdown file does not start with a `---` line.",
        "# Virsraksts\n\nTeksts…", "Start the file with `---`, the fields (at least `title:`) and `---`.";
    SymlinkBroken = "K0109", "symlink_broken", Error,
        "A symbolic link loops or points to a missing file.",
        "", "Fix or remove the link.";
    SymlinkOutside = "K0110", "symlink_outside", Error,
        "A symbolic link points outside the site folder.",
        "", "Copy the file into the site instead of linking it.";
    SymlinkFolder = "K0111", "symlink_folder", Warning,
        "A symbolic link to a folder is not followed.",
        "", "Copy or move the folder into the site.";
    FolderNotAddressable = "K0112", "folder_not_addressable", Error,
        "A folder name has no Latin letters or digits, or is a device name, so it cannot be part of a web address.",
        "content/ārējās/lapa.md → content/??/", "Rename the folder, e.g. to its Latin transliteration.";
    IdFromFileName = "K0113", "id_from_file_name", Error,
        "No id can be made from the file name (no Latin letters or digits).",
        "content/vadlinijas/№.md", "Rename the file or add `id: some-id` to the front matter.";
    ReservedId = "K0114", "reserved_id", Error,
        "The id is a name Windows reserves for devices (con, nul, com1…).",
        "id: con", "Choose another id.";
    LessonOutsideCourse = "K0115", "lesson_outside_course", Error,
        "A lesson file lies directly in content/kursi/ instead of a course folder.",
        "content/kursi/ievads.md", "Move the lesson into content/kursi/<course>/.";
    RegistryNotList = "K0116", "registry_not_list", Error,
        "content/iestades.yaml is not a list of institutions.",
        "id: vid\ntitle: Valsts ieņēmumu dienests", "Start every institution with `- id: …`.";

    // YAML syntax
    YamlSyntax = "K0201", "yaml_syntax", Error,
        "The front matter is not valid YAML, and none of the common causes below fits.",
        "title: [Pakalpojums", "Look at the marked line and the one before it: brackets, quotes and indentation.";
    YamlIndentation = "K0202", "yaml_indentation", Error,
        "A line is indented differently from the fields around it.",
        "title: Pakalpojums\n  summary: Īss apraksts", "Indent fields of the same level by the same number of spaces.";
    YamlColonInValue = "K0203", "yaml_colon_in_value", Error,
        "An unquoted value contains `: `, which YAML reads as the start of another field.",
        "title: Pieteikums: iesniegšana", "Put the value in double quotes: `title: \"Pieteikums: iesniegšana\"`.";
    YamlTab = "K0204", "yaml_tab", Error,
        "A tab character is used for indentation; YAML allows only spaces.",
        "tags:\n\t- nodokļi", "Replace the tab with spaces.";
    YamlUnclosedQuote = "K0205", "yaml_unclosed_quote", Error,
        "A quoted value has no closing quote.",
        "title: \"Pakalpojums", "Close the quote at the end of the value.";
    YamlDuplicateKey = "K0206", "yaml_duplicate_key", Error,
        "The same field is written twice in one front matter.",
        "channels: [klatiene]\nchannels: [latvija-lv]", "Keep one line and list every value in it: `channels: [klatiene, latvija-lv]`.";
    YamlUnclosedBracket = "K0207", "yaml_unclosed_bracket", Error,
        "A list `[` or mapping `{` is not closed on its line.",
        "tags: [a, b\nweight: 1", "Close the list with `]` (or the mapping with `}`).";
    YamlTooLarge = "K0208", "yaml_too_large", Error,
        "The YAML is nested too deeply or expands too much (alias bombs).",
        "", "Write plain front matter without anchors and deep nesting.";

    // Fields
    NotAMapping = "K0301", "not_a_mapping", Error,
        "The front matter (or a record inside it) is not a set of `key: value` lines.",
        "- a\n- b", "Write one `key: value` line per field.";
    UnknownField = "K0302", "unknown_field", Error,
        "A front-matter key is not a field of this kind of page.",
        "holdr: vid", "Fix the spelling (the message suggests the closest field) or remove the line.";
    RequiredEmpty = "K0303", "required_empty", Error,
        "A required field is present but has no value.",
        "title:", "Write the value after the colon.";
    RequiredMissing = "K0304", "required_missing", Error,
        "A required field is not written.",
        "summary: Īss apraksts", "Add the field (the message says what it holds).";
    NumberOutOfRange = "K0305", "number_out_of_range", Error,
        "A number is outside the range the field allows.",
        "maturity: 9", "Use a number within the range.";
    NotADate = "K0306", "not_a_date", Error,
        "A date is not written as YYYY-MM-DD.",
        "updated: 02.12.2026", "Write the date as year-month-day: `updated: 2026-12-02`.";
    NotAUrl = "K0307", "not_a_url", Error,
        "A web address is not a full http(s) address.",
        "url: www.latvija.lv/lv/pakalpojumi", "Start the address with `https://`.";
    InvalidId = "K0308", "invalid_id", Error,
        "An id has characters other than lowercase Latin letters, digits and hyphens.",
        "id: Pārvaldība", "Use the suggested id (`parvaldiba`).";
    IdIsNumber = "K0309", "id_is_number", Error,
        "An id is written as a bare number.",
        "holder: 123", "Quote it (`\"123\"`) or use an id with letters.";
    ValueNotAllowed = "K0310", "value_not_allowed", Error,
        "A value is not one of the values the field allows.",
        "channels: [latvia-lv]", "Use one of the listed values (the message suggests the closest).";
    EmptyListItem = "K0311", "empty_list_item", Error,
        "A list has an item without a value.",
        "tags:\n  -\n  - nodokļi", "Remove the empty `-` line or write its value.";
    UnknownKey = "K0312", "unknown_key", Error,
        "A key inside a field (such as a service stage) is not one of the allowed keys.",
        "stages:\n  pieteiksana: [latvija-lv]", "Use one of the listed keys.";
    WrongType = "K0313", "wrong_type", Error,
        "A value has the wrong type, e.g. text where a list or a number is expected.",
        "tags: nodokļi", "Write the value as the message's “expected” says: `tags: [nodokļi]`.";
    PlaceholderNotFilled = "K0314", "placeholder_not_filled", Error,
        "A starter file written by `katalogs new` still has a `‹…›` placeholder.",
        "holder: ‹iestādes id no content/iestades.yaml›", "Replace the whole `‹…›` with the value it asks for, or delete the line if the sources do not give it.";
    NotAnEmail = "K0315", "not_an_email", Error,
        "An e-mail address is not of the form name@domain.lv.",
        "contact:\n  email: info(at)vid.gov.lv", "Write the address as it is typed in a mail program: `info@vid.gov.lv` (no `mailto:`).";
    NotAPhone = "K0316", "not_a_phone", Error,
        "A telephone number has characters other than digits, spaces, `+`, `-` and brackets.",
        "contact:\n  phone: zvaniet darba laikā", "Write only the number, e.g. `+371 67000000`; put working hours in `opening_hours`.";
    ValueMustStandAlone = "K0317", "value_must_stand_alone", Error,
        "A value meaning \"none\" (not needed, nothing to pay) is listed together with other values.",
        "authentication: [none, eparaksts]", "Keep either `none` or the other values, not both.";

    // References between files
    DuplicateId = "K0401", "duplicate_id", Error,
        "Two files of the same kind have the same id; the newer file is reported, pointing at the older one.",
        "content/pakalpojumi/a.md and content/pakalpojumi/vsaa/a.md", "Rename the newer file or give it another `id:`.";
    ReservedFolder = "K0402", "reserved_folder", Error,
        "A guidance folder has the name of a generated area (pakalpojumi, meklesana, …).",
        "content/meklesana/lapa.md", "Rename the folder.";
    OverwritesGeneratedPage = "K0403", "overwrites_generated_page", Error,
        "A page's id would give it the file name of a generated page.",
        "content/index.md", "Choose another id or file name.";
    SameOutputFile = "K0404", "same_output_file", Error,
        "Two sources would write the same output file.",
        "content/a/b.md and content/a/b/_index.md", "Rename one of them.";
    UnknownReference = "K0405", "unknown_reference", Error,
        "A field names an id that no file of that kind has. References to a file that could not be read are not reported.",
        "holder: Valsts ieņēmumu dienests", "Write the id (the message suggests the closest id or the institution whose name you wrote).";
    SubtypeMismatch = "K0406", "subtype_mismatch", Error,
        "A service's subtype does not belong to its type.",
        "type: publisks\nsubtype: koplietosanas", "Choose a subtype of the type.";
    ParentCycle = "K0407", "parent_cycle", Error,
        "An institution is, through its parents, its own parent.",
        "- id: a\n  parent: b\n- id: b\n  parent: a", "Remove one `parent`.";
    SituationWithoutServices = "K0408", "situation_without_services", Error,
        "A life situation lists no services in its steps.",
        "steps:\n  - title: Pieteikties", "Add `services: [...]` to at least one step.";
    SituationNotListed = "K0409", "situation_not_listed", Warning,
        "A life situation lists a service that does not list the situation back.",
        "", "Add the situation's id to the service's `life_situations`.";
    ServiceNotListed = "K0410", "service_not_listed", Warning,
        "A service lists a life situation that does not list the service in its steps.",
        "", "Add the service to a step of the life situation.";
    CourseWithoutIndex = "K0411", "course_without_index", Error,
        "A lesson's course folder has no _index.md describing the course.",
        "content/kursi/ievads/01.md without content/kursi/ievads/_index.md", "Create the course's _index.md (`katalogs new course`).";
    GlossaryNameShared = "K0412", "glossary_name_shared", Warning,
        "Two glossary terms claim the same name or synonym.",
        "", "Keep the name in one term only.";
    TemplateMissing = "K0413", "template_missing", Error,
        "A variant card names a template card that does not exist.",
        "template: soc-pabalst", "Write the id of a card with `unified: true`.";
    TemplateSelf = "K0414", "template_self", Error,
        "A card names itself as its template.",
        "", "Name another card.";
    TemplateNotUnified = "K0415", "template_not_unified", Error,
        "A variant's template card is not marked `unified: true`.",
        "", "Add `unified: true` to the template card.";
    TemplateCycle = "K0416", "template_cycle", Error,
        "Template cards form a cycle.",
        "", "End the chain at a card without `template`.";
    WikiLinkKind = "K0417", "wiki_link_kind", Error,
        "A wiki link names a kind that does not exist.",
        "[[pakalpjums:vid]]", "Use one of the kinds listed.";
    WikiLinkNothing = "K0418", "wiki_link_nothing", Error,
        "A wiki link points to no id.",
        "[[nodoklu-atmaksa]]", "Write an existing id (the message suggests the closest).";
    WikiLinkAmbiguous = "K0419", "wiki_link_ambiguous", Error,
        "A wiki link's id belongs to objects of several kinds.",
        "[[vid]]", "Name the kind: `[[service:vid]]`.";
    LinkScheme = "K0420", "link_scheme", Error,
        "A link uses a scheme that could run script (`javascript:`, `data:`, …).",
        "[klikšķis](javascript:alert(1))", "Use a relative link or an http(s)/mailto/tel address.";
    LessonIdAmbiguous = "K0421", "lesson_id_ambiguous", Error,
        "A prerequisite names a lesson id that several courses use, and none of them is this lesson's course.",
        "prerequisites: [01-ievads]", "Name the course: `prerequisites: [pamati/01-ievads]`.";
    LessonWithoutWeight = "K0422", "lesson_without_weight", Warning,
        "A lesson has no `weight` while other lessons of its course have one, so it goes last.",
        "content/kursi/pamati/03-darbs.md without `weight:`", "Give the lesson `weight:` with its place in the course.";
    LessonBeforePrerequisite = "K0423", "lesson_before_prerequisite", Warning,
        "A lesson is ordered before a lesson it lists as a prerequisite.",
        "weight: 1\nprerequisites: [02-kanali]", "Give the prerequisite a smaller `weight` (or this lesson a larger one).";
    DuplicateSource = "K0424", "duplicate_source", Error,
        "Two entries of the source registry (content/avoti.yaml) have the same id.",
        "- id: vpps\n  title: A\n- id: vpps\n  title: B", "Give one of the entries another `id:`.";
    UnknownSource = "K0425", "unknown_source", Error,
        "A `source:` names no entry of the source registry (content/avoti.yaml), for example a file name.",
        "source: 003_0c84cda1a48bf619.txt", "Write the id of a registry entry (the message suggests the closest), or add the source to the registry.";

    // Configuration, theme and output
    ConfigInvalid = "K0501", "config_invalid", Error,
        "katalogs.toml cannot be read as the configuration.",
        "titel = \"Katalogs\"", "Fix the line the message names.";
    ConfigToday = "K0502", "config_today", Error,
        "build.today in katalogs.toml is not a date.",
        "today = \"02.12.2026\"", "Write the date as YYYY-MM-DD.";
    ConfigSearch = "K0503", "config_search", Error,
        "A search setting in katalogs.toml is zero.",
        "", "Use positive numbers.";
    UiLanguage = "K0504", "ui_language", Error,
        "There are no UI strings for the configured language.",
        "language = \"en\"", "Use `lv`, or add the language's strings as i18n/<language>.toml in the site (a copy of themes/default/i18n/lv.toml, translated).";
    ThemeNotFound = "K0505", "theme_not_found", Error,
        "The configured theme does not exist.",
        "theme = \"cits\"", "Use `default` or create themes/<name>/.";
    TemplateUnreadable = "K0506", "template_unreadable", Error,
        "A theme template or file cannot be read.",
        "", "Check the file's permissions and encoding (UTF-8).";
    TemplateError = "K0507", "template_error", Error,
        "A theme template has a syntax error.",
        "", "Fix the template at the place the message names.";
    RenderFailed = "K0508", "render_failed", Error,
        "A page could not be rendered with its template.",
        "", "Fix the template or the content the message names.";
    WriteFailed = "K0509", "write_failed", Error,
        "An output file could not be written.",
        "", "Check free disk space and permissions of the output folder.";
    OutputRefused = "K0510", "output_refused", Error,
        "The output folder holds files katalogs did not write, so it is not replaced.",
        "", "Choose an empty output folder or remove the foreign files.";
    OutputNote = "K0511", "output_note", Warning,
        "Something about the output folder worth knowing (leftovers cleared, foreign files kept).",
        "", "Read the note; usually nothing needs doing.";
    SearchIndexFailed = "K0512", "search_index_failed", Error,
        "The search index could not be written.",
        "", "Check free disk space.";
    OfflinePackageFailed = "K0513", "offline_package_failed", Error,
        "The offline package (ZIP) could not be written.",
        "", "Check free disk space.";
    ConfigEditUrl = "K0514", "config_edit_url", Error,
        "edit_url in katalogs.toml has no {path} for the source file's path.",
        "edit_url = \"https://example.org/edit/main/\"", "Put {path} where the file's path goes: https://example.org/edit/main/{path}.";
    UiFileInvalid = "K0515", "ui_file_invalid", Error,
        "A UI language file (i18n/<language>.toml in the site or its theme) is not valid TOML.",
        "[site]\nhome = ", "Fix the line the message names; every string is `key = \"text\"`.";
    UiKeyUnknown = "K0516", "ui_key_unknown", Warning,
        "A UI language file has a key the built-in Latvian file does not (often a typo); it is not shown anywhere.",
        "[site]\nhomee = \"Sākums\"", "Use the key of themes/default/i18n/lv.toml the message suggests, or remove the line.";
    UiKeyMissing = "K0517", "ui_key_missing", Warning,
        "A UI language file the site adds lacks keys of the built-in Latvian file; those strings are shown in Latvian.",
        "", "Copy the missing keys from themes/default/i18n/lv.toml and translate them.";
    ConfigPageSize = "K0518", "config_page_size", Error,
        "`page_size` under `[lists]` in katalogs.toml is not a number of entries from 1 to 1000.",
        "[lists]\npage_size = 0", "Write how many entries a page of a long list shows, e.g. `page_size = 100` (the default).";

    // Translations
    TranslationField = "K0601", "translation_field", Error,
        "A translation (`name.en.md`, `content/iestades.en.yaml`) sets a field that is not free text: ids, references, dates of the service and other structured values come from the original.",
        "---\ntitle: Unemployment benefit\nholder: vsaa\n---", "Remove the line from the translation; change the value in the original if it is wrong.";
    TranslationValue = "K0602", "translation_value", Error,
        "A translated field has the wrong type (a list where text is expected, or the reverse).",
        "title: [Unemployment benefit]", "Write the field as the message expects: text, or a list of texts.";
    TranslationOrphan = "K0603", "translation_orphan", Error,
        "A translation has no original: the file it translates does not exist (or is not a content file), or the id it names is not in the registry.",
        "content/pakalpojumi/bezdarbnieka-pabalsts.en.md without bezdarbnieka-pabalsts.md", "Rename the translation after its original (`name.en.md` beside `name.md`), or remove it.";
    TranslationLength = "K0604", "translation_length", Error,
        "A translated list (steps, circumstances) has a different number of items than the original's.",
        "steps:\n  - title: Register", "Translate every item of the original, in its order.";
    TranslationLanguage = "K0605", "translation_language", Error,
        "A translation is in a language the site does not list in `languages` of katalogs.toml.",
        "content/par.de.md with languages = [\"lv\", \"en\"]", "Add the language to `languages`, or rename the file.";
    TranslationOutdated = "K0606", "translation_outdated", Warning,
        "The original was updated after its translation: the translation may say something the original no longer does.",
        "original updated: 2026-11-02, translation updated: 2026-05-01", "Check the translation against the original and set its `updated:` to the date you did.";
    ConfigLanguages = "K0607", "config_languages", Error,
        "`languages` in katalogs.toml is empty, repeats a language, or does not start with `language`.",
        "language = \"lv\"\nlanguages = [\"en\", \"lv\"]", "List the default language first, every language once.";
}

impl Code {
    pub(crate) fn info(self) -> &'static CodeInfo {
        &CODES[self as usize]
    }

    /// The stable number, `K0305`.
    pub(crate) fn id(self) -> &'static str {
        self.info().id
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// Where the generated reference lives, relative to the repository.
#[cfg(test)]
const REFERENCE_FILE: &str = "docs/diagnostics.md";

/// The code reference (`docs/diagnostics.md`): every code with its message in `ui`'s
/// language, what it means, an example and the fix.
#[cfg(test)]
fn reference(ui: &Ui) -> String {
    let mut out = String::from(
        "# Diagnostic codes\n\n\
         <!-- Generated from the table in src/diagnostics/codes.rs and the texts in \
         themes/default/i18n/lv.toml; do not edit. Regenerate with \
         `KATALOGS_BLESS=1 cargo test --lib diagnostics_reference_is_current`. -->\n\n\
         Every problem `katalogs check` and `katalogs build` report has a stable code, shown \
         in the terminal (`error[K0306]`), in `katalogs check --format json` (`\"code\"`) and \
         in the preview's error overlay. Errors stop the build; warnings only fail \
         `katalogs check --strict`. In JSON, `field` is the front-matter key and `label` its \
         name in the site's language.\n\n",
    );
    for info in CODES {
        let severity = match info.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(&format!("## {} `{}` ({severity})\n\n", info.id, info.key));
        if let Some(message) = ui.diagnostic_text(info.key, "message") {
            out.push_str(&format!("> {}\n\n", message.replace('\n', " ")));
        }
        out.push_str(&format!("{}\n\n", info.explanation));
        if !info.example.is_empty() {
            out.push_str(&format!("Example:\n\n```\n{}\n```\n\n", info.example));
        }
        out.push_str(&format!("Fix: {}\n\n", info.fix));
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_ordered_and_have_texts() {
        let ui = Ui::for_language("lv").unwrap();
        for (i, info) in CODES.iter().enumerate() {
            assert_eq!(info.code as usize, i, "{} out of order", info.id);
            assert!(
                i == 0 || CODES[i - 1].id < info.id,
                "{} not after {}",
                info.id,
                CODES[i - 1].id
            );
            assert!(CODES.iter().filter(|c| c.key == info.key).count() == 1);
            if info.code != Code::Other {
                assert!(
                    ui.diagnostic_text(info.key, "message").is_some(),
                    "{} has no message in lv.toml",
                    info.key
                );
            }
        }
    }

    #[test]
    fn diagnostics_reference_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/diagnostics.md");
        let want = reference(&Ui::for_language("lv").unwrap());
        if std::env::var_os("KATALOGS_BLESS").is_some() {
            std::fs::write(path, &want).unwrap();
        }
        let have = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            have == want,
            "{REFERENCE_FILE} is out of date with src/diagnostics/codes.rs and themes/default/i18n/lv.toml; \
             regenerate it with `KATALOGS_BLESS=1 cargo test --lib diagnostics_reference_is_current`"
        );
    }
}
