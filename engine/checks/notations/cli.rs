//! `aws lambda add-permission …` or `aws lambda add-layer-version-permission …`
//! as a shell block shows it.
//!
//! The block is split into words the way a POSIX shell would for the cases a
//! book uses: `\` + newline continues a line, `'…'` is literal, `"…"` keeps
//! `\"`, `\\`, `\$` and `` \` `` escapes, `\x` outside quotes is `x`, `#` at
//! the start of a word begins a comment, and newlines, `;`, `&&`, `||` and `|`
//! separate commands. A word that the shell would expand (`$VAR`, `${VAR}`,
//! `$(…)`, `` `…` ``) is kept as written and marked unresolved.
//!
//! Options are `--flag value` or `--flag=value`. Global options (`--region`,
//! `--profile`, `--output`, …) may stand anywhere; `--region` is kept as the
//! Region of a bare function name.

use super::{Field, Grant, Input, Notation, Permission};

/// A shell word, and whether it contains an expansion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word {
    pub text: String,
    pub expands: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Word(Word),
    Separator,
}

/// Split shell text into words and command separators.
fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().peekable();
    let mut word: Option<Word> = None;
    fn finish(word: &mut Option<Word>, tokens: &mut Vec<Token>) {
        if let Some(w) = word.take() {
            tokens.push(Token::Word(w));
        }
    }
    fn current(word: &mut Option<Word>) -> &mut Word {
        word.get_or_insert_with(|| Word { text: String::new(), expands: false })
    }
    // Whether `$` followed by `next` starts an expansion.
    let expansion =
        |next: Option<&char>| matches!(next, Some(c) if c.is_ascii_alphanumeric() || "_{(@*#?!$-".contains(*c));

    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('\n') => {}
                Some('\r') if chars.peek() == Some(&'\n') => {
                    chars.next();
                }
                Some(other) => current(&mut word).text.push(other),
                None => current(&mut word).text.push('\\'),
            },
            '\'' => {
                let w = current(&mut word);
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => w.text.push(ch),
                        None => return Err("a single quote is never closed".into()),
                    }
                }
            }
            '"' => {
                let w = current(&mut word);
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some('\n') => {}
                            Some(ch @ ('"' | '\\' | '$' | '`')) => w.text.push(ch),
                            Some(ch) => {
                                w.text.push('\\');
                                w.text.push(ch);
                            }
                            None => return Err("a double quote is never closed".into()),
                        },
                        Some('$') => {
                            if expansion(chars.peek()) {
                                w.expands = true;
                            }
                            w.text.push('$');
                        }
                        Some('`') => {
                            w.expands = true;
                            w.text.push('`');
                        }
                        Some(ch) => w.text.push(ch),
                        None => return Err("a double quote is never closed".into()),
                    }
                }
            }
            '$' => {
                let expands = expansion(chars.peek());
                let w = current(&mut word);
                w.expands |= expands;
                w.text.push('$');
            }
            '`' => {
                let w = current(&mut word);
                w.expands = true;
                w.text.push('`');
            }
            '#' if word.is_none() => {
                for ch in chars.by_ref() {
                    if ch == '\n' {
                        break;
                    }
                }
                tokens.push(Token::Separator);
            }
            '\n' | ';' | '&' | '|' => {
                finish(&mut word, &mut tokens);
                if matches!(c, '&' | '|') && chars.peek() == Some(&c) {
                    chars.next();
                }
                tokens.push(Token::Separator);
            }
            c if c.is_whitespace() => finish(&mut word, &mut tokens),
            c => current(&mut word).text.push(c),
        }
    }
    finish(&mut word, &mut tokens);
    Ok(tokens)
}

/// Split shell text into commands, each a list of words.
pub(crate) fn commands(text: &str) -> Result<Vec<Vec<Word>>, String> {
    let mut out = Vec::new();
    let mut command = Vec::new();
    for token in tokenize(text)? {
        match token {
            Token::Word(w) => command.push(w),
            Token::Separator => {
                if !command.is_empty() {
                    out.push(std::mem::take(&mut command));
                }
            }
        }
    }
    if !command.is_empty() {
        out.push(command);
    }
    Ok(out)
}

/// Global options of the AWS CLI that take a value.
const GLOBAL_WITH_VALUE: &[&str] = &[
    "--region",
    "--profile",
    "--output",
    "--query",
    "--endpoint-url",
    "--color",
    "--ca-bundle",
    "--cli-read-timeout",
    "--cli-connect-timeout",
    "--cli-binary-format",
];

/// add-permission's switches: options without a value that shape the statement.
const FUNCTION_SWITCHES: &[&str] = &["--invoked-via-function-url", "--no-invoked-via-function-url"];

/// Global options and add-permission switches that take no value.
const SWITCHES: &[&str] = &[
    "--debug",
    "--no-verify-ssl",
    "--no-paginate",
    "--no-cli-pager",
    "--cli-auto-prompt",
    "--no-cli-auto-prompt",
    "--no-sign-request",
    "--invoked-via-function-url",
    "--no-invoked-via-function-url",
];

/// The subcommand of each grant.
fn subcommand(grant: Grant) -> &'static str {
    match grant {
        Grant::Function => "add-permission",
        Grant::LayerVersion => "add-layer-version-permission",
    }
}

/// Parse the block's one `aws lambda add-permission` or
/// `aws lambda add-layer-version-permission` command.
pub fn parse(body: &str) -> Result<Permission, String> {
    let commands = commands(body)?;
    let mut found: Vec<(Grant, Vec<Word>)> = Vec::new();
    for mut command in commands {
        // A copied prompt (`$ aws …`) and leading `VAR=value` assignments are not the command.
        while let Some(first) = command.first() {
            let is_prompt = first.text == "$" || first.text == "%";
            let is_assignment = first.text.split_once('=').is_some_and(|(name, _)| {
                !name.is_empty()
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && !name.starts_with("--")
            });
            if is_prompt || is_assignment {
                command.remove(0);
            } else {
                break;
            }
        }
        if command.first().map(|w| w.text.as_str()) != Some("aws") {
            continue;
        }
        let positional: Vec<&str> = positional_words(&command[1..]);
        for grant in [Grant::Function, Grant::LayerVersion] {
            if positional.starts_with(&["lambda", subcommand(grant)]) {
                found.push((grant, command.clone()));
            }
        }
    }
    let (grant, command) = match found.len() {
        0 => {
            return Err(
                "the block has no `aws lambda add-permission` or `aws lambda add-layer-version-permission` command"
                    .into(),
            );
        }
        1 => found.pop().expect("one command"),
        n if found.iter().all(|(g, _)| *g == found[0].0) => {
            return Err(format!(
                "the block has {n} `aws lambda {}` commands; show one grant per block",
                subcommand(found[0].0)
            ));
        }
        n => return Err(format!("the block has {n} grant commands of two kinds; show one grant per block")),
    };
    options(grant, &command[1..])
}

/// The words that are not options or option values (a best effort used to find the command).
fn positional_words(words: &[Word]) -> Vec<&str> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = words[i].text.as_str();
        if let Some(flag) = w.strip_prefix("--") {
            if !flag.contains('=') && !SWITCHES.contains(&w) {
                i += 1; // its value
            }
        } else {
            out.push(w);
        }
        i += 1;
    }
    out
}

fn options(grant: Grant, words: &[Word]) -> Result<Permission, String> {
    let notation = Notation::Cli;
    let sub = subcommand(grant);
    let mut permission = Permission::new(notation, grant);
    let mut positional = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        if !word.text.starts_with("--") {
            positional.push(word.text.as_str());
            continue;
        }
        let (flag, inline) = match word.text.split_once('=') {
            Some((flag, value)) => (flag.to_string(), Some(value.to_string())),
            None => (word.text.clone(), None),
        };
        if SWITCHES.contains(&flag.as_str()) {
            if grant != Grant::Function && FUNCTION_SWITCHES.contains(&flag.as_str()) {
                return Err(format!("`{flag}` is not an option of `aws lambda {sub}`"));
            }
            if inline.is_some() {
                return Err(format!("`{flag}` takes no value"));
            }
            // The one add-permission switch that shapes the statement.
            let on = match flag.as_str() {
                "--invoked-via-function-url" => "true",
                "--no-invoked-via-function-url" => "false",
                _ => continue,
            };
            if permission.fields.insert(Field::InvokedViaFunctionUrl, Input::Literal(on.into())).is_some() {
                return Err("`--invoked-via-function-url` is given twice".into());
            }
            continue;
        }
        if matches!(flag.as_str(), "--cli-input-json" | "--cli-input-yaml" | "--generate-cli-skeleton") {
            return Err(format!("`{flag}` is not supported here: write the parameters out as flags"));
        }
        let field = grant.field(notation, &flag);
        let known = field.is_some() || GLOBAL_WITH_VALUE.contains(&flag.as_str()) || flag == "--revision-id";
        if !known {
            return Err(format!("`{flag}` is not an option of `aws lambda {sub}`"));
        }
        if !seen.insert(flag.clone()) {
            return Err(format!("`{flag}` is given twice"));
        }
        let value = match inline {
            Some(v) => Word { text: v, expands: word.expands },
            None => match words.get(i) {
                Some(v) if !v.text.starts_with("--") => {
                    i += 1;
                    v.clone()
                }
                _ => return Err(format!("`{flag}` needs a value")),
            },
        };
        let input = if value.expands || value.text.starts_with("file://") || value.text.starts_with("fileb://") {
            Input::Unresolved(value.text)
        } else {
            Input::Literal(value.text)
        };
        match field {
            Some(field) => {
                permission.fields.insert(field, input);
            }
            None if flag == "--region" => permission.region = Some(input),
            None => {}
        }
    }
    if positional != ["lambda", sub] {
        let extra: Vec<&str> = positional.iter().skip(2).copied().collect();
        return Err(format!("unexpected argument(s) to `aws lambda {sub}`: {}", extra.join(" ")));
    }
    Ok(permission)
}

#[cfg(test)]
mod tests {
    use super::super::Field;
    use super::*;

    fn words(text: &str) -> Vec<Vec<(String, bool)>> {
        commands(text).unwrap().into_iter().map(|c| c.into_iter().map(|w| (w.text, w.expands)).collect()).collect()
    }

    fn lit(s: &str) -> (String, bool) {
        (s.to_string(), false)
    }

    /// Commands, each a list of (word, whether it expands a variable).
    type Words = Vec<Vec<(String, bool)>>;

    #[test]
    fn shell_words() {
        let cases: Vec<(&str, Words)> = vec![
            ("a b\\\n  c", vec![vec![lit("a"), lit("b"), lit("c")]]),
            ("a 'b c' \"d e\"", vec![vec![lit("a"), lit("b c"), lit("d e")]]),
            ("a \"x\\\"y\" 'q\\n'", vec![vec![lit("a"), lit("x\"y"), lit("q\\n")]]),
            ("a b\\ c", vec![vec![lit("a"), lit("b c")]]),
            ("a --x=\"1 2\"", vec![vec![lit("a"), lit("--x=1 2")]]),
            ("a; b && c | d\ne", vec![vec![lit("a")], vec![lit("b")], vec![lit("c")], vec![lit("d")], vec![lit("e")]]),
            ("# comment\na b # tail\nc", vec![vec![lit("a"), lit("b")], vec![lit("c")]]),
            ("a a#b", vec![vec![lit("a"), lit("a#b")]]),
            (
                "a $X \"${Y}\" '$Z' $(f) `g` 5$",
                vec![vec![
                    lit("a"),
                    ("$X".to_string(), true),
                    ("${Y}".to_string(), true),
                    lit("$Z"),
                    ("$(f)".to_string(), true),
                    ("`g`".to_string(), true),
                    lit("5$"),
                ]],
            ),
            ("a \\\r\n b", vec![vec![lit("a"), lit("b")]]),
        ];
        for (text, want) in cases {
            assert_eq!(words(text), want, "{text:?}");
        }
        assert!(commands("a 'b").is_err());
        assert!(commands("a \"b").is_err());
    }

    fn parsed(body: &str) -> Permission {
        parse(body).unwrap_or_else(|e| panic!("{body}: {e}"))
    }

    #[test]
    fn flags_in_both_forms() {
        let p = parsed(
            "aws lambda add-permission \\\n  --function-name=my-function \\\n  --statement-id 'sid 1' \\\n  --action \"lambda:InvokeFunction\" \\\n  --principal=s3.amazonaws.com --region us-west-2 --output json",
        );
        assert_eq!(p.get(Field::FunctionName), Some(&Input::Literal("my-function".into())));
        assert_eq!(p.get(Field::StatementId), Some(&Input::Literal("sid 1".into())));
        assert_eq!(p.get(Field::Action), Some(&Input::Literal("lambda:InvokeFunction".into())));
        assert_eq!(p.get(Field::Principal), Some(&Input::Literal("s3.amazonaws.com".into())));
        assert_eq!(p.region, Some(Input::Literal("us-west-2".into())));
    }

    #[test]
    fn every_statement_flag() {
        let p = parsed(
            "aws --profile dev lambda add-permission --function-name f --statement-id s --action lambda:InvokeFunctionUrl \
             --principal '*' --qualifier prod --source-arn arn:aws:s3:::b --source-account 123456789012 \
             --event-source-token tok --principal-org-id o-a1b2c3d4e5f --function-url-auth-type NONE --revision-id r1 --no-cli-pager",
        );
        for (field, value) in [
            (Field::Qualifier, "prod"),
            (Field::Principal, "*"),
            (Field::SourceArn, "arn:aws:s3:::b"),
            (Field::SourceAccount, "123456789012"),
            (Field::EventSourceToken, "tok"),
            (Field::PrincipalOrgId, "o-a1b2c3d4e5f"),
            (Field::FunctionUrlAuthType, "NONE"),
        ] {
            assert_eq!(p.get(field), Some(&Input::Literal(value.into())), "{field:?}");
        }
    }

    #[test]
    fn the_function_url_switch_takes_no_value() {
        // In the middle of the command it must not swallow the next flag.
        let p = parsed(
            "aws lambda add-permission --function-name f --invoked-via-function-url --statement-id s --action lambda:InvokeFunction --principal '*'",
        );
        assert_eq!(p.get(Field::InvokedViaFunctionUrl), Some(&Input::Literal("true".into())));
        assert_eq!(p.get(Field::StatementId), Some(&Input::Literal("s".into())));
        let p = parsed(
            "aws lambda add-permission --no-invoked-via-function-url --function-name f --statement-id s --action a --principal p",
        );
        assert_eq!(p.get(Field::InvokedViaFunctionUrl), Some(&Input::Literal("false".into())));
        assert_eq!(p.get(Field::FunctionName), Some(&Input::Literal("f".into())));
    }

    #[test]
    fn prompt_assignment_and_other_commands() {
        let p = parsed(
            "$ AWS_PAGER= aws lambda add-permission --function-name f --statement-id s --action a --principal p\naws lambda get-policy --function-name f",
        );
        assert_eq!(p.get(Field::FunctionName), Some(&Input::Literal("f".into())));
    }

    #[test]
    fn expansions_are_unresolved() {
        let p = parsed(
            "aws lambda add-permission --function-name \"$FUNCTION_ARN\" --statement-id s --action a --principal p --source-arn=$(get-arn)",
        );
        assert_eq!(p.get(Field::FunctionName), Some(&Input::Unresolved("$FUNCTION_ARN".into())));
        assert_eq!(p.get(Field::SourceArn), Some(&Input::Unresolved("$(get-arn)".into())));
    }

    #[test]
    fn errors() {
        let cases = [
            ("echo hello", "no `aws lambda add-permission`"),
            ("aws lambda add-permission --function-name f --bogus x", "`--bogus` is not an option"),
            ("aws lambda add-permission --function-name f --function-name g", "given twice"),
            ("aws lambda add-permission --function-name", "needs a value"),
            ("aws lambda add-permission --function-name f --action --principal p", "`--action` needs a value"),
            ("aws lambda add-permission extra --function-name f", "unexpected argument"),
            ("aws lambda add-permission --cli-input-json file://x.json", "not supported"),
            ("aws lambda add-permission --function-name f 'oops", "never closed"),
            (
                "aws lambda add-permission --function-name a\naws lambda add-permission --function-name b",
                "2 `aws lambda add-permission` commands",
            ),
        ];
        for (body, want) in cases {
            let err = parse(body).unwrap_err();
            assert!(err.contains(want), "{body:?}: {err}");
        }
    }
}
