//! Unit tests of the shape comparison (`docs.rs`).

use super::*;

fn line(number: usize, text: &str) -> Line {
    Line {
        number,
        text: text.into(),
    }
}

#[test]
fn values_become_their_kind() {
    assert_eq!(
        normalize("Key ID 02fd6835-6001-4482-a892-13bd2085f75d   test-root-key"),
        "Key ID <id> test-root-key"
    );
    // A made-up id that is not hexadecimal is still an id.
    assert_eq!(
        normalize("in instance: '47377f07-8721-2O47-f396-ef1982c1e96e'..."),
        "in instance: '<id>'..."
    );
    assert_eq!(
        normalize(r#"  "crn": "crn:v1:bluemix:public:kms:us-south:a/ea99:12e8:key:02fd","#),
        r#""crn":"<crn>""#
    );
    assert_eq!(normalize("crn:v1:<...>:key:<id>"), "<crn>");
    assert_eq!(
        normalize(r#""creationDate": "2020-03-12T03:37:32Z""#),
        r#""creationDate":"<date>""#
    );
    assert_eq!(
        normalize("Created 2020-05-12 20:40:06 +0000 UTC by IBMid-5500081ABC"),
        "Created <date> by <user>"
    );
    assert_eq!(
        normalize("Updated By      IBMid-xxxxnnnnnxxx"),
        "Updated By <user>"
    );
    assert_eq!(normalize("owner: alice@example.com."), "owner: <user>.");
    assert_eq!(
        normalize("Bearer eyJraWQiOiIy.eyJpYW1faWQiOiJJQk1pZC0.c2lnbmF0dXJl"),
        "Bearer <token>"
    );
    assert_eq!(
        normalize("Ciphertext   eyJjaXBoZXJ0ZXh0IjoibG03RjZsREhkVW4zUUdF=="),
        "Ciphertext <value>"
    );
    assert_eq!(
        normalize("account ea998d3389c3473aa0987652b46fb146"),
        "account <value>"
    );
}

#[test]
fn words_paths_and_numbers_stay() {
    assert_eq!(
        normalize(
            "https://us-south.kms.cloud.ibm.com/api/v2/keys/02fd6835-6001-4482-a892-13bd2085f75d"
        ),
        "https://us-south.kms.cloud.ibm.com/api/v2/keys/<id>"
    );
    assert_eq!(
        normalize("databases-for-postgresql-standard UNPROCESSABLE_CIPHERTEXT_ERR 256"),
        "databases-for-postgresql-standard UNPROCESSABLE_CIPHERTEXT_ERR 256"
    );
    assert_eq!(
        normalize("\"algorithmBitSize\": 256,"),
        "\"algorithmBitSize\":256"
    );
}

#[test]
fn placeholders_match_anything_but_the_clis_dots_stay() {
    assert_eq!(normalize("Key ID   <key_ID>"), "Key ID …");
    assert_eq!(normalize("\"createdBy\": \"...\""), "\"createdBy\":\"…\"");
    assert_eq!(normalize("user id ...<redacted>..."), "user id …");
    assert_eq!(
        normalize(r#""createdBy": "user id ...<redacted>...","#),
        r#""createdBy":"…""#
    );
    assert_eq!(normalize("Retrieving keys..."), "Retrieving keys...");
    assert!(line_matches("Key ID …", "Key ID <id>"));
    assert!(line_matches("a … c … e", "a b c d e"));
    assert!(!line_matches("a … c", "a b d"));
    assert!(!line_matches(
        "Retrieving keys...",
        "Retrieving key rings..."
    ));
}

#[test]
fn padding_and_ids_do_not_count() {
    let expected = "OK\nKey ID                                 Key Name\n02fd6835-6001-4482-a892-13bd2085f75d   test-root-key\n";
    let actual = "OK\nKey ID                                 Key Name   \n9a1b2c3d-0000-4000-8000-aaaaaaaaaaaa   test-root-key\n";
    assert_eq!(
        compare(expected, actual),
        Comparison {
            matches: true,
            differences: vec![]
        }
    );
}

#[test]
fn a_changed_line_is_named_on_both_sides() {
    let expected = "Rotating root key...\nOK\nKey rotated\n";
    let actual = "Rotating root key...\nOK\n";
    let c = compare(expected, actual);
    assert!(!c.matches);
    assert_eq!(
        c.differences,
        vec![Difference {
            expected: Some(line(3, "Key rotated")),
            actual: None
        }]
    );
    let c = compare("A\n\nB is 1\nC\n", "A\nB is 2\nC\nD\n");
    assert_eq!(
        c.differences,
        vec![
            Difference {
                expected: Some(line(3, "B is 1")),
                actual: Some(line(2, "B is 2"))
            },
            Difference {
                expected: None,
                actual: Some(line(4, "D"))
            },
        ]
    );
}

#[test]
fn a_placeholder_line_stands_for_any_number_of_lines() {
    let expected = "Key ID    Key Name\n...\nlast-key\n";
    assert!(compare(expected, "Key ID Key Name\na\nb\nc\nlast-key\n").matches);
    assert!(compare(expected, "Key ID Key Name\nlast-key\n").matches);
    assert!(!compare(expected, "Key ID Key Name\na\n").matches);
}

#[test]
fn compact_json_compares_with_a_pretty_example_in_its_key_order() {
    let expected = r#"{
    "metadata": {
        "collectionType": "application/vnd.ibm.kms.error+json",
        "collectionTotal": 1
    },
    "resources":[
        {
            "errorMsg": "Bad Request: could not be created",
            "reasons": [
                {
                    "code": "X_ERR",
                    "status": 400
                }
            ]
        }
    ]
}"#;
    let same = r#"{"metadata":{"collectionTotal":1,"collectionType":"application/vnd.ibm.kms.error+json"},"resources":[{"errorMsg":"Bad Request: could not be created","reasons":[{"code":"X_ERR","status":400}]}]}"#;
    let c = compare(expected, same);
    assert!(c.matches, "{c:?}");
    let c = compare(expected, &same.replace("X_ERR", "Y_ERR"));
    assert_eq!(
        c.differences,
        vec![Difference {
            expected: Some(line(11, r#"                    "code": "X_ERR","#)),
            actual: Some(line(11, r#"                    "code": "Y_ERR","#)),
        }]
    );
}

#[test]
fn a_documented_field_the_answer_lacks_is_a_difference() {
    let expected = "{\n  \"id\": \"<key_ID>\",\n  \"name\": \"k\",\n  \"imported\": false\n}\n";
    let actual = r#"{"id":"02fd6835-6001-4482-a892-13bd2085f75d","name":"k"}"#;
    let c = compare(expected, actual);
    assert_eq!(
        c.differences,
        vec![Difference {
            expected: Some(line(4, "  \"imported\": false")),
            actual: None
        }]
    );
}

#[test]
fn a_value_cut_short_by_a_placeholder_is_one_value() {
    assert_eq!(
        normalize("Bearer eyJraWQiOiIyMDIwMDcyNDE4MzEiLCJh...<redacted>...o4qlcKjl9sVqLa8Q"),
        "Bearer …"
    );
    assert_eq!(
        normalize("Bearer eyJraWQiOiIyMDIwMDcyNDE4MzEiLCJh ...<redacted>... o4qlcKjl9sVqLa8Q"),
        "Bearer …"
    );
    assert_eq!(
        normalize("IAM token: Bearer eyJraWQiOiIyM..."),
        "IAM token: Bearer …"
    );
    // Two values side by side stay two.
    assert_eq!(
        normalize(
            "Plaintext JSj4GvDpSsCvoemnF3Z0+1mpR5SDts8C7JGKuWlemeE= eyJjaXBoZXJ0ZXh0IjoibG03"
        ),
        "Plaintext <value> <value>"
    );
    assert!(
        compare(
            "Bearer eyJraWQiOiIyMDIwMDcyNDE4MzEiLCJh...<redacted>...o4qlcKjl9sVqLa8Q",
            "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.kLTs-MfPNDreemBqwZ5jsg"
        )
        .matches
    );
}

#[test]
fn a_long_line_the_documentation_wraps_matches() {
    let expected = "FAILED\nkp.Error: correlation_id='c27b7948-4a1f-4cbd-8770-cb3616888e27',\n  msg='Conflict: Key could not be deleted',\n  reasons='[PROTECTED_RESOURCE_ERR]'\n";
    let actual = "FAILED\nkp.Error: correlation_id='0b1c2d3e-4a1f-4cbd-8770-cb3616888e27', msg='Conflict: Key could not be deleted', reasons='[PROTECTED_RESOURCE_ERR]'\n";
    assert!(compare(expected, actual).matches);
    let other = actual.replace("PROTECTED_RESOURCE_ERR", "KEY_NOT_FOUND_ERR");
    let c = compare(expected, &other);
    assert!(!c.matches);
    assert_eq!(c.differences.len(), 3, "{c:?}");
}

#[test]
fn the_documented_ids_pair_with_the_printed_ones() {
    let expected = "{\n  \"id\": \"b3660416-4186-4587-b528-484886a4731b\",\n  \"crn\": \"crn:v1:bluemix:public:kms:us-south:a/1:2:key:b3660416-4186-4587-b528-484886a4731b\"\n}\n";
    let actual = r#"{"crn":"crn:v1:bluemix:public:kms:us-south:a/9:8:key:0000000a-4186-4587-b528-484886a4731b","id":"0000000a-4186-4587-b528-484886a4731b"}"#;
    assert_eq!(
        corresponding_values(expected, actual),
        vec![
            (
                "b3660416-4186-4587-b528-484886a4731b".to_string(),
                "0000000a-4186-4587-b528-484886a4731b".to_string()
            ),
            (
                "crn:v1:bluemix:public:kms:us-south:a/1:2:key:b3660416-4186-4587-b528-484886a4731b"
                    .to_string(),
                "crn:v1:bluemix:public:kms:us-south:a/9:8:key:0000000a-4186-4587-b528-484886a4731b"
                    .to_string()
            ),
        ]
    );
}
