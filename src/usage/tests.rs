//! Unit tests of `usage`.

use super::*;

#[test]
fn jsonl_and_csv_read_the_same_records() {
    let jsonl = r#"{"time":"2026-11-01T10:00:00Z","provider":"openai","model":"gpt-4o","input_tokens":1000,"output_tokens":500,"cost":0.0075}
{"time":"2026-11-02T10:00:00Z","provider":"openai","model":"gpt-4o","input_tokens":2000,"output_tokens":0,"requests":3}
"#;
    let csv = "time,provider,model,input_tokens,output_tokens,cost,requests\n\
               2026-11-01T10:00:00Z,openai,gpt-4o,1000,500,0.0075,\n\
               2026-11-02T10:00:00Z,openai,gpt-4o,2000,0,,3\n";
    let a = parse(Path::new("u.jsonl"), jsonl, UsageFormat::Jsonl).unwrap();
    let b = parse(Path::new("u.csv"), csv, UsageFormat::Csv).unwrap();
    assert_eq!(a, b);
    assert_eq!(a[0].cost.unwrap().to_string(), "0.0075");
    assert_eq!((a[0].requests, a[1].requests, a[1].cost), (1, 3, None));
}

#[test]
fn a_bad_line_names_its_number() {
    let text = "{\"time\":\"2026-11-01T10:00:00Z\",\"provider\":\"openai\",\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1}\n\
                {\"time\":\"yesterday\",\"provider\":\"openai\",\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1}\n";
    let err = parse(Path::new("u.jsonl"), text, UsageFormat::Jsonl).unwrap_err();
    assert_eq!(err.line, 2);
    assert!(
        err.to_string().starts_with("u.jsonl:2: time \"yesterday\""),
        "{err}"
    );
    let csv =
        "time,provider,model,input_tokens,output_tokens\n2026-11-01T10:00:00Z,openai,m,ten,1\n";
    let err = parse(Path::new("u.csv"), csv, UsageFormat::Csv).unwrap_err();
    assert_eq!(err.line, 2, "{err}");
}

#[test]
fn identical_records_get_distinct_fingerprints_that_repeat_across_imports() {
    let r = parse(
        Path::new("u.jsonl"),
        &"{\"time\":\"2026-11-01T10:00:00Z\",\"provider\":\"p\",\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1}\n".repeat(2),
        UsageFormat::Jsonl,
    )
    .unwrap();
    let f = fingerprints(&r);
    assert_ne!(f[0], f[1]);
    assert_eq!(f, fingerprints(&r));
}
