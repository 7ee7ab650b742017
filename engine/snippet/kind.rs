//! The kinds of JSON document the book knows, and the one table that maps a
//! kind to its name (used by `--kind`, block attributes and diagnostics) and
//! to its JSON Schema under `schemas/`.

use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    IdentityPolicy,
    ResourcePolicy,
    TrustPolicy,
    PolicyStatement,
    S3Event,
    SqsEvent,
    SnsEvent,
    EventBridgeEvent,
    KinesisEvent,
    DynamoDbEvent,
    ApiGwRestEvent,
    ApiGwHttpEvent,
    S3NotificationConfiguration,
    EventSourceMapping,
}

/// kind, name, schema file (relative to `schemas/`), a short human label.
const TABLE: &[(Kind, &str, &str, &str)] = &[
    (Kind::IdentityPolicy, "identity-policy", "identity-policy.schema.json", "IAM identity policy"),
    (Kind::ResourcePolicy, "resource-policy", "resource-policy.schema.json", "IAM resource-based policy"),
    (Kind::TrustPolicy, "trust-policy", "trust-policy.schema.json", "IAM role trust policy"),
    (Kind::PolicyStatement, "policy-statement", "policy-statement.schema.json", "IAM policy statement"),
    (Kind::S3Event, "s3-event", "s3-event.schema.json", "S3 event"),
    (Kind::SqsEvent, "sqs-event", "sqs-event.schema.json", "SQS event"),
    (Kind::SnsEvent, "sns-event", "sns-event.schema.json", "SNS event"),
    (Kind::EventBridgeEvent, "eventbridge-event", "eventbridge-event.schema.json", "EventBridge event"),
    (Kind::KinesisEvent, "kinesis-event", "kinesis-event.schema.json", "Kinesis event"),
    (Kind::DynamoDbEvent, "dynamodb-event", "dynamodb-event.schema.json", "DynamoDB Streams event"),
    (Kind::ApiGwRestEvent, "apigw-rest-event", "apigw-rest-event.schema.json", "API Gateway REST proxy event"),
    (Kind::ApiGwHttpEvent, "apigw-http-event", "apigw-http-event.schema.json", "API Gateway HTTP API (v2) event"),
    (
        Kind::S3NotificationConfiguration,
        "s3-notification-configuration",
        "s3-notification-configuration.schema.json",
        "S3 bucket notification configuration",
    ),
    (
        Kind::EventSourceMapping,
        "event-source-mapping",
        "event-source-mapping.schema.json",
        "Lambda CreateEventSourceMapping request",
    ),
];

impl Kind {
    pub const ALL: [Kind; 14] = [
        Kind::IdentityPolicy,
        Kind::ResourcePolicy,
        Kind::TrustPolicy,
        Kind::PolicyStatement,
        Kind::S3Event,
        Kind::SqsEvent,
        Kind::SnsEvent,
        Kind::EventBridgeEvent,
        Kind::KinesisEvent,
        Kind::DynamoDbEvent,
        Kind::ApiGwRestEvent,
        Kind::ApiGwHttpEvent,
        Kind::S3NotificationConfiguration,
        Kind::EventSourceMapping,
    ];

    fn row(self) -> &'static (Kind, &'static str, &'static str, &'static str) {
        TABLE.iter().find(|row| row.0 == self).expect("every kind has a row")
    }

    pub fn name(self) -> &'static str {
        self.row().1
    }

    pub fn schema_file(self) -> &'static str {
        self.row().2
    }

    pub fn label(self) -> &'static str {
        self.row().3
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        TABLE.iter().find(|row| row.1 == name).map(|row| row.0)
    }

    pub fn names() -> Vec<&'static str> {
        TABLE.iter().map(|row| row.1).collect()
    }

    /// Policies (whole documents) that the IAM lints apply to.
    pub fn is_policy(self) -> bool {
        matches!(self, Kind::IdentityPolicy | Kind::ResourcePolicy | Kind::TrustPolicy)
    }

    pub fn is_iam(self) -> bool {
        self.is_policy() || self == Kind::PolicyStatement
    }

    pub fn is_event(self) -> bool {
        matches!(
            self,
            Kind::S3Event
                | Kind::SqsEvent
                | Kind::SnsEvent
                | Kind::EventBridgeEvent
                | Kind::KinesisEvent
                | Kind::DynamoDbEvent
                | Kind::ApiGwRestEvent
                | Kind::ApiGwHttpEvent
        )
    }
}

/// Guess a kind from the document's shape, for blocks that do not say.
/// `None` means "JSON, but nothing we know": checked for syntax only.
pub fn classify(doc: &Value) -> Option<Kind> {
    let obj = doc.as_object()?;
    if let Some(statements) = obj.get("Statement") {
        let list: Vec<&Value> = match statements {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        let has_principal = list.iter().any(|s| s.get("Principal").is_some() || s.get("NotPrincipal").is_some());
        if !has_principal {
            return Some(Kind::IdentityPolicy);
        }
        let assumes_role = list.iter().any(|s| mentions_assume_role(s.get("Action")));
        return Some(if assumes_role { Kind::TrustPolicy } else { Kind::ResourcePolicy });
    }
    if obj.contains_key("Effect") && (obj.contains_key("Action") || obj.contains_key("NotAction")) {
        return Some(Kind::PolicyStatement);
    }
    if let Some(records) = obj.get("Records").and_then(Value::as_array) {
        let first = records.first()?;
        let source = first.get("eventSource").or_else(|| first.get("EventSource")).and_then(Value::as_str)?;
        return match source {
            "aws:s3" => Some(Kind::S3Event),
            "aws:sqs" => Some(Kind::SqsEvent),
            "aws:sns" => Some(Kind::SnsEvent),
            "aws:kinesis" => Some(Kind::KinesisEvent),
            "aws:dynamodb" => Some(Kind::DynamoDbEvent),
            _ => None,
        };
    }
    if obj.contains_key("detail-type") && obj.contains_key("source") {
        return Some(Kind::EventBridgeEvent);
    }
    if obj.get("version").and_then(Value::as_str) == Some("2.0") && obj.contains_key("routeKey") {
        return Some(Kind::ApiGwHttpEvent);
    }
    if obj.contains_key("httpMethod") && obj.contains_key("requestContext") {
        return Some(Kind::ApiGwRestEvent);
    }
    if ["LambdaFunctionConfigurations", "QueueConfigurations", "TopicConfigurations", "EventBridgeConfiguration"]
        .iter()
        .any(|k| obj.contains_key(*k))
    {
        return Some(Kind::S3NotificationConfiguration);
    }
    if obj.contains_key("FunctionName") && obj.contains_key("EventSourceArn") {
        return Some(Kind::EventSourceMapping);
    }
    None
}

fn mentions_assume_role(action: Option<&Value>) -> bool {
    let is_assume =
        |v: &Value| v.as_str().map(|a| a.to_ascii_lowercase().starts_with("sts:assumerole")).unwrap_or(false);
    match action {
        Some(Value::Array(items)) => items.iter().any(is_assume),
        Some(v) => is_assume(v),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_round_trip() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(Kind::from_name("nonsense"), None);
    }

    #[test]
    fn classifies_by_shape() {
        let identity = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]});
        assert_eq!(classify(&identity), Some(Kind::IdentityPolicy));
        let resource = json!({"Statement": [{"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "lambda:InvokeFunction", "Resource": "*"}]});
        assert_eq!(classify(&resource), Some(Kind::ResourcePolicy));
        let trust = json!({"Statement": {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}});
        assert_eq!(classify(&trust), Some(Kind::TrustPolicy));
        let statement = json!({"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"});
        assert_eq!(classify(&statement), Some(Kind::PolicyStatement));
        let sqs = json!({"Records": [{"eventSource": "aws:sqs"}]});
        assert_eq!(classify(&sqs), Some(Kind::SqsEvent));
        let sns = json!({"Records": [{"EventSource": "aws:sns"}]});
        assert_eq!(classify(&sns), Some(Kind::SnsEvent));
        assert_eq!(classify(&json!({"hello": 1})), None);
        assert_eq!(classify(&json!([1, 2])), None);
    }
}
