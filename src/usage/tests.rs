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
    let lines = |r: &[Record]| r.iter().map(|r| r.line).collect::<Vec<_>>();
    assert_eq!((lines(&a), lines(&b)), (vec![1, 2], vec![2, 3]));
    let unlined = |r: Vec<Record>| {
        r.into_iter()
            .map(|r| Record { line: 0, ..r })
            .collect::<Vec<_>>()
    };
    assert_eq!(unlined(a.clone()), unlined(b));
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

#[test]
fn a_bad_csv_record_after_a_two_line_field_names_its_own_line() {
    let csv = "time,provider,model,input_tokens,output_tokens\n\
               2026-11-01T10:00:00Z,openai,\"a model\nwith two lines\",1,1\n\
               2026-11-01T10:00:00Z,openai,m,1,1\n\
               yesterday,openai,m,1,1\n";
    let err = parse(Path::new("u.csv"), csv, UsageFormat::Csv).unwrap_err();
    assert_eq!(
        err.line, 5,
        "the header, a record on lines 2-3, one on 4: {err}"
    );
    let ok = "time,provider,model,input_tokens,output_tokens\n\
              2026-11-01T10:00:00Z,openai,\"two\nlines\",1,1\n\
              2026-11-01T10:00:00Z,openai,m,1,1\n";
    let records = parse(Path::new("u.csv"), ok, UsageFormat::Csv).unwrap();
    assert_eq!(records.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 4]);
}

#[test]
fn unknown_fields_are_refused_alike_in_both_formats() {
    let jsonl = "{\"time\":\"2026-11-01T10:00:00Z\",\"provider\":\"p\",\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1,\"cost_usd\":0.5}\n";
    let csv = "time,provider,model,input_tokens,output_tokens,cost_usd\n2026-11-01T10:00:00Z,p,m,1,1,0.5\n";
    let a = parse(Path::new("u.jsonl"), jsonl, UsageFormat::Jsonl).unwrap_err();
    let b = parse(Path::new("u.csv"), csv, UsageFormat::Csv).unwrap_err();
    for e in [&a, &b] {
        assert!(
            e.message
                .starts_with("unknown field `cost_usd`, expected one of `time`"),
            "{e}"
        );
    }
    assert_eq!((a.line, b.line), (1, 1));
}

#[test]
fn a_record_of_an_unknown_provider_fails_at_its_line() {
    let text = "{\"time\":\"2026-11-01T10:00:00Z\",\"provider\":\"openai\",\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1}\n\n\
                {\"time\":\"2026-11-01T10:00:00Z\",\"provider\":\"opneai\",\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1}\n";
    let records = parse(Path::new("u.jsonl"), text, UsageFormat::Jsonl).unwrap();
    let known = [crate::model::ProviderId::new("openai")];
    let err = check_providers(Path::new("u.jsonl"), &records, &known).unwrap_err();
    assert_eq!(
        err.to_string(),
        "u.jsonl:3: unknown provider \"opneai\" (known providers: openai); nothing from this file was imported"
    );
}
