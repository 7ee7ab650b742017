//! Every finding code the engine can emit, in one table.
//!
//! Checkers use these constants instead of string literals, so a code is
//! spelled once and `ALL` lists them all. `tests/codes.rs` fails when a code
//! here has no test that asserts its exact output, or when the engine emits a
//! code that is not here. To add a code: add its name below, use the constant
//! where the finding is made, and add a line that triggers it to a fixture in
//! `tests/fixtures/codes/` (then review the new snapshot).

macro_rules! code_table {
    ($($(#[$group:meta])* $name:ident),* $(,)?) => {
        $( $(#[$group])* pub const $name: &str = stringify!($name); )*
        /// Every code above, in table order.
        pub const ALL: &[&str] = &[$($name),*];
    };
}

code_table! {
    // Chapters and their blocks (chapter.rs, json_doc.rs, check.rs, schema.rs).
    UNCLOSED_FENCE,
    LITERAL_BOLD_MARKER,
    INVALID_ATTRIBUTE,
    BODY_WITH_FILE,
    INLINE_JSON,
    MISSING_EXAMPLE,
    INVALID_JSON,
    DUPLICATE_KEY,
    UNCLASSIFIED,
    EXPECTATION_MISMATCH,
    UNKNOWN_SAME_AS,
    POLICY_TEST_WITHOUT_POLICY,
    SCHEMA_VIOLATION,
    SCHEMA_BROKEN,
    // Source files (hygiene.rs).
    INVALID_UTF8,
    MOJIBAKE,
    WRONG_LANGUAGE,
    // Editions (parity.rs).
    MISSING_SUMMARY,
    MISSING_CHAPTER,
    MISSING_TRANSLATION,
    ID_REUSED,
    // Policy tests (policy_tests.rs).
    POLICY_TEST_SYNTAX,
    POLICY_TEST_FAILED,
    // Notations (notations/).
    NOTATION_PARSE,
    NOTATION_MISMATCH,
    NOTATION_KIND_MISMATCH,
    UNRESOLVED_REFERENCE,
    // IAM: policy structure (iam/structure.rs).
    MISSING_VERSION,
    INVALID_VERSION,
    OUTDATED_VERSION,
    MISSING_STATEMENT,
    MISSING_EFFECT,
    INVALID_EFFECT,
    MISSING_ACTION,
    MISSING_RESOURCE,
    EMPTY_ARRAY_ACTION,
    EMPTY_ARRAY_RESOURCE,
    EMPTY_SID_VALUE,
    UNSUPPORTED_SID,
    UNIQUE_SIDS_RECOMMENDED,
    UNIQUE_SIDS_REQUIRED,
    INVALID_POLICY_ELEMENT,
    UNSUPPORTED_ELEMENT_COMBINATION,
    ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE,
    VARIABLE_UNSUPPORTED_IN_VERSION,
    REDUNDANT_ACTION,
    REDUNDANT_RESOURCE,
    POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA,
    POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA,
    POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA,
    // IAM: actions (iam/actions.rs).
    INVALID_ACTION,
    INVALID_SERVICE_IN_ACTION,
    WILDCARD_IN_SERVICE_NAME,
    // IAM: resources (iam/arns.rs).
    DATA_TYPE_MISMATCH,
    INVALID_ARN_PREFIX,
    INVALID_PARTITION,
    INVALID_SERVICE,
    INVALID_ARN_SERVICE_CASE,
    MISSING_ARN_FIELD,
    MISSING_ARN_REGION,
    INVALID_ARN_REGION,
    INVALID_ARN_ACCOUNT,
    ARN_REGION_NOT_ALLOWED,
    ARN_ACCOUNT_NOT_ALLOWED,
    ARN_PLACEHOLDER,
    RESOURCE_MISMATCH,
    // IAM: principals (iam/principals.rs).
    MISSING_PRINCIPAL,
    ALLOW_WITH_NOT_PRINCIPAL,
    EMPTY_ARRAY_PRINCIPAL,
    EMPTY_OBJECT_PRINCIPAL,
    INVALID_PRINCIPAL_KEY,
    INVALID_PRINCIPAL_FORMAT,
    INVALID_SERVICE_PRINCIPAL_FORMAT,
    INVALID_ROLE_REFERENCE,
    INVALID_USER_REFERENCE,
    UNSUPPORTED_PRINCIPAL,
    UNSUPPORTED_WILDCARD_IN_PRINCIPAL,
    MISMATCHED_ACTION_FOR_PRINCIPAL,
    ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL,
    ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL,
    INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY,
    MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL,
    MISSING_GITHUB_REPO_CONDITION_KEY,
    // IAM: conditions (iam/conditions.rs).
    INVALID_CONDITION_OPERATOR,
    INVALID_CONDITION_KEY_FORMAT,
    INVALID_GLOBAL_CONDITION_KEY,
    INVALID_SERVICE_CONDITION_KEY,
    DEPRECATED_GLOBAL_CONDITION_KEY,
    MISSING_TAG_KEY_IN_CONDITION,
    DUPLICATE_KEYS_WITH_DIFFERENT_CASE,
    EMPTY_OBJECT_CONDITION,
    EMPTY_ARRAY_CONDITION,
    EMPTY_ARRAY_CONDITION_FORALLVALUES,
    EMPTY_ARRAY_CONDITION_FORANYVALUE,
    EMPTY_ARRAY_CONDITION_IFEXISTS,
    NULL_WITH_IF_EXISTS,
    NULL_WITH_QUALIFIER,
    FORALLVALUES_WITH_SINGLE_VALUED_KEY,
    MISSING_QUALIFIER,
    INVALID_CONDITION_MULTIPLE_BOOLEAN,
    WILDCARD_WITHOUT_LIKE_OPERATOR,
    STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS,
    INVALID_VARIABLE_FOR_OPERATOR,
    MISSING_BRACE_IN_VARIABLE,
    EMPTY_VARIABLE,
    UNSUPPORTED_SPACE_IN_VARIABLE,
    TYPE_MISMATCH,
    TYPE_MISMATCH_ARN,
    TYPE_MISMATCH_BOOLEAN,
    TYPE_MISMATCH_DATE,
    TYPE_MISMATCH_IP_RANGE,
    TYPE_MISMATCH_NUMBER,
    TYPE_MISMATCH_STRING,
    IMPROVE_IP_RANGE,
    PRIVATE_IP_ADDRESS,
    PRIVATE_NOT_IP_ADDRESS,
    UNSUPPORTED_ACTION_FOR_CONDITION_KEY,
    // IAM: security warnings (iam/security.rs).
    ALLOW_WITH_NOT_ACTION,
    ALLOW_WITH_NOT_RESOURCE,
    FULL_ADMIN_ACCESS,
    PUBLIC_ACCESS,
    RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL,
    WRITE_ON_ALL_RESOURCES,
    PERMISSIONS_MANAGEMENT_ON_ALL_RESOURCES,
    PASS_ROLE_WITH_STAR_IN_RESOURCE,
    PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE,
    PASS_ROLE_WITH_NOT_RESOURCE,
    PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE,
    PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION,
    PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE,
    CREATE_SLR_WITH_STAR_IN_RESOURCE,
    CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE,
    CREATE_SLR_WITH_NOT_RESOURCE,
    CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE,
    CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION,
    CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE,
    // IAM: privilege-escalation paths across statements (iam/privesc.rs).
    PRIVILEGE_ESCALATION,
    // Added with the hardening of #13: files, ids, limits and what leaves the book.
    DUPLICATE_ID,
    UNREADABLE_FILE,
    EXAMPLE_OUTSIDE_EXAMPLES,
    EXAMPLE_NOT_A_FILE,
    EXAMPLE_TOO_LARGE,
    CHAPTER_OUTSIDE_EDITION,
    CHAPTER_NOT_A_FILE,
    SYMLINK_OUTSIDE_BOOK,
    SYMLINK_TO_FOLDER,
    DOCUMENT_TOO_LARGE,
    NESTING_TOO_DEEP,
    // Policy-test cases must be requests AWS could see (iam/requests.rs), and
    // service authorization quirks (iam/quirks.rs).
    POLICY_TEST_EMPTY,
    POLICY_TEST_INVALID_ACTION,
    POLICY_TEST_RESOURCE_MISMATCH,
    POLICY_TEST_INVALID_CONTEXT_KEY,
    POLICY_TEST_INVALID_PRINCIPAL,
    RESOURCE_FORM_NEVER_CHECKED,
    // One voice per edition (doc_links.rs, terminology.rs, parity.rs).
    AWS_DOC_LINK,
    AVOIDED_TERM,
    SIDEBAR_TITLE,
    HEADING_OUTLINE,
    // Event source mappings paired with the handler that runs on their events (esm_pairing.rs).
    ESM_WITHOUT_HANDLER,
    MISSING_HANDLER,
    PAIRING_WITHOUT_MAPPING,
    // Exercises whose answer keys the build proves (exercise/).
    EXERCISE_SYNTAX,
    EXERCISE_UNKNOWN_POLICY,
    EXERCISE_WRONG_ANSWER,
    EXERCISE_EDITIONS_DIFFER,
    EXERCISE_DUPLICATE_ID,
    // Exercise counts typed in prose (book/exercise_counts.rs).
    EXERCISE_COUNT,
}

/// Is `code` one of the table's codes?
pub fn is_known(code: &str) -> bool {
    ALL.contains(&code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_upper_snake_case() {
        let mut seen = std::collections::BTreeSet::new();
        for code in ALL {
            assert!(seen.insert(*code), "{code} is listed twice");
            assert!(code.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'), "{code}");
        }
        assert!(is_known(INVALID_JSON) && !is_known("NOT_A_CODE"));
    }
}
