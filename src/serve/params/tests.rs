use super::*;
use crate::commands::models::list::ListArgs;

fn list(query: &str) -> Result<ListArgs, BadQuery> {
    parse::<ListArgs>(&[], &pairs(Some(query)), &[])
}

#[test]
fn the_list_filters_read_as_models_list_reads_its_flags() {
    let args = list("provider=openai,gemini&type=chat&capability=vision&capability=function_calling&active=true&search=gpt&sort=price&limit=5&max_price=2.5").unwrap();
    assert_eq!(
        crate::cli::provider_names(&args.providers),
        ["openai", "gemini"]
    );
    assert_eq!(args.model_type, Some(crate::model::ModelType::Chat));
    assert_eq!(args.capabilities.len(), 2);
    assert!(args.active);
    assert_eq!(args.search.as_deref(), Some("gpt"));
    assert_eq!(args.limit, Some(5));
    assert_eq!(args.max_price.unwrap().to_string(), "2.5");
    assert!(!list("active=false").unwrap().active);
    // Percent-encoding and the dashed spelling of a flag are read too.
    assert_eq!(
        list("search=gpt%204o").unwrap().search.as_deref(),
        Some("gpt 4o")
    );
    assert_eq!(
        list("max-price=1").unwrap().max_price.unwrap().to_string(),
        "1"
    );
}

#[test]
fn a_bad_parameter_is_named_with_what_it_takes() {
    let e = list("colour=red").unwrap_err().0;
    assert!(
        e.starts_with("unknown parameter \"colour\"; this endpoint takes: provider, type, active"),
        "{e}"
    );
    let e = list("type=potato").unwrap_err().0;
    assert!(e.contains("'type'") && e.contains("expected one of"), "{e}");
    assert!(!e.contains("--"), "{e}");
    let e = list("limit=many").unwrap_err().0;
    assert!(e.contains("'limit'"), "{e}");
    let e = list("active=maybe").unwrap_err().0;
    assert_eq!(e, "active=\"maybe\": expected true or false");
    let e = list("limit=1&limit=2").unwrap_err().0;
    assert_eq!(e, "the argument 'limit' cannot be used multiple times");
}

#[test]
fn a_hidden_flag_is_no_parameter() {
    let e = parse::<ListArgs>(&[], &pairs(Some("reverse=true")), &["reverse"])
        .unwrap_err()
        .0;
    assert!(e.starts_with("unknown parameter \"reverse\""), "{e}");
}
