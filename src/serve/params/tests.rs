use super::*;
use crate::commands::models::list::ListArgs;

fn list(query: &str) -> Result<ListArgs, BadQuery> {
    parse::<ListArgs>(&[], &pairs(Some(query)))
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

/// The query parameters `T` takes, as `parse` names them.
fn names<T: Args>() -> Vec<String> {
    T::augment_args(Command::new("query"))
        .get_arguments()
        .filter_map(|a| Some(a.get_long()?.replace('-', "_")))
        .collect()
}

#[test]
fn the_openapi_document_names_every_parameter_each_endpoint_takes() {
    use crate::commands::{changes::ChangesArgs, cost::CostArgs, models::info::InfoArgs};
    let doc: serde_json::Value = serde_json::from_str(include_str!("../openapi.json")).unwrap();
    let documented = |path: &str| -> Vec<String> {
        let mut all: Vec<String> = doc["paths"][path]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["in"] == "query")
            .map(|p| p["name"].as_str().unwrap().to_owned())
            .collect();
        all.sort();
        all
    };
    let taken = |mut names: Vec<String>, extra: &[&str]| {
        names.extend(extra.iter().map(|e| (*e).to_owned()));
        names.sort();
        names.dedup();
        names
    };
    assert_eq!(
        documented("/v1/models"),
        taken(names::<ListArgs>(), &["format"])
    );
    assert_eq!(
        documented("/v1/models/{provider}/{id}"),
        taken(names::<InfoArgs>(), &[])
    );
    assert_eq!(
        documented("/v1/changes"),
        taken(names::<ChangesArgs>(), &[])
    );
    // `model` and `provider` are the command's positionals (`provider` is also its flag).
    assert_eq!(
        documented("/v1/cost"),
        taken(names::<CostArgs>(), &["model"])
    );
}
