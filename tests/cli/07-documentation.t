# Examples of the Key Protect CLI reference and the IAM token documentation, pasted as written.

# "Create a root key" (kp key create, example with jq).
$ KEY_ID=$(ibmcloud kp key create my-root-key --output json | jq -r '.["id"]')
> echo $KEY_ID
$KEY_MY_ROOT_KEY
[exit 0]

# "List keys in JSON format": an array, even with one key.
$ ibmcloud kp keys --output json | jq -r '.[] | .id'
$KEY_MY_ROOT_KEY
[exit 0]
$ ibmcloud kp keys --output json | jq -c 'map(.name)'
["my-root-key"]
[exit 0]

# "Wrap a data encryption key" with additional authenticated data: the plugin's JSON names it
# "Ciphertext".
$ AAD1=my-aad-1
> AAD2=my-aad-2
> CIPHERTEXT=$(ibmcloud kp key wrap $KEY_ID -a "$AAD1,$AAD2" --output json | jq -r '.["Ciphertext"]')
> echo "$CIPHERTEXT"
eyJjaXBoZXJ0ZXh0IjoibG03RjZsREhkVW4zUUdFbEd1M3FoQTQvUngybkdQRzFCL1ZvZjNrckc1VVpIYTgrM1hxUXhmT3B2MkloeFJidCIsIml2IjoiMFJYU3VLeTRqbTBUQ2FQSSIsInZlcnNpb24iOiI0LjAuMCIsImhhbmRsZSI6IjkxZjczMDQ5LTA5NDEtNDY3Ni1iOTExLTA3ZWNhZWU3MTg3ZiJ9
[exit 0]

# The token one-liner: "Bearer" stays; the -f 5 form drops it.
$ ibmcloud iam oauth-tokens | grep IAM | cut -d \: -f 2 | sed 's/^ *//' | cut -d ' ' -f 1
Bearer
[exit 0]
$ ACCESS_TOKEN=$(ibmcloud iam oauth-tokens | cut -d ' ' -f 5)
> echo "$ACCESS_TOKEN" | grep -c Bearer || echo "ACCESS_TOKEN holds the bare token"
0
ACCESS_TOKEN holds the bare token
[exit 0]

# "Unwrap a data encryption key" with the same additional authenticated data, in order; the
# wrong or misordered AAD fails (CLI reference, kp key unwrap examples).
$ ibmcloud kp key unwrap $KEY_ID $CIPHERTEXT -a $AAD1,$AAD2
Unwrapping key...
OK
Plaintext                                      Rewrapped Plaintext
JSj4GvDpSsCvoemnF3Z0+1mpR5SDts8C7JGKuWlemeE=
[exit 0]
$ ibmcloud kp key unwrap $KEY_ID $CIPHERTEXT -a $AAD1
Unwrapping key...
! FAILED
! kp.Error: correlation_id='1c46deba-1f67-4a3f-be1b-44d9383664d6', msg='Unprocessable Entity: Unwrap with key could not be performed: Please see 'reasons' for more details (UNPROCESSABLE_CIPHERTEXT_ERR)', reasons='[UNPROCESSABLE_CIPHERTEXT_ERR: The provided ciphertext is invalid or corrupted - FOR_MORE_INFO_REFER: https://cloud.ibm.com/apidocs/key-protect]'
[exit 1]
$ ibmcloud kp key unwrap $KEY_ID $CIPHERTEXT -a $AAD2,$AAD1
Unwrapping key...
! FAILED
! kp.Error: correlation_id='a7c15177-afa2-4162-a981-b31b38711978', msg='Unprocessable Entity: Unwrap with key could not be performed: Please see 'reasons' for more details (UNPROCESSABLE_CIPHERTEXT_ERR)', reasons='[UNPROCESSABLE_CIPHERTEXT_ERR: The provided ciphertext is invalid or corrupted - FOR_MORE_INFO_REFER: https://cloud.ibm.com/apidocs/key-protect]'
[exit 1]

# After a rotation the plugin's "Rewrapped Plaintext" holds the data key wrapped anew.
$ PLAINTEXT=$(openssl rand -base64 32)
> CIPHERTEXT=$(ibmcloud kp key wrap $KEY_ID -p $PLAINTEXT --output json | jq -r '.["Ciphertext"]')
> ibmcloud kp key rotate $KEY_ID
> ibmcloud kp key unwrap $KEY_ID $CIPHERTEXT --output json | jq -r '.["Plaintext"] == "'$PLAINTEXT'"'
> ibmcloud kp key unwrap $KEY_ID $CIPHERTEXT --output json | jq '.["Rewrapped Plaintext"] | length'
Rotating root key...
OK
true
228
[exit 0]

# "List keys" with the plugin's filters.
$ ibmcloud kp key create my-standard-key --standard-key --output json | jq -r .name
my-standard-key
[exit 0]
$ ibmcloud kp keys --key-states active,suspended
Retrieving keys...
OK
Key ID                                 Key Name
$KEY_MY_ROOT_KEY                       my-root-key
$KEY_MY_STANDARD_KEY                   my-standard-key
[exit 0]
$ ibmcloud kp keys -t root
Retrieving keys...
OK
Key ID                                 Key Name
$KEY_MY_ROOT_KEY                       my-root-key
[exit 0]
$ ibmcloud kp keys -l exact:my-standard-key --output json | jq -r '.[] | .name'
my-standard-key
[exit 0]
$ ibmcloud kp keys -b -name --output json | jq -c 'map(.name)'
["my-standard-key","my-root-key"]
[exit 0]
$ KEYS=$(ibmcloud kp keys --output json | jq -r '.[] | .id')
> echo "$KEYS"
$KEY_MY_ROOT_KEY
$KEY_MY_STANDARD_KEY
[exit 0]

# Policies (CLI reference, kp key policy-update and kp key policies examples).
$ ibmcloud kp key policy-update rotation $KEY_ID -m 3 --output json | jq -c .rotation
{"enabled":true,"interval_month":3}
[exit 0]
$ ibmcloud kp key policies $KEY_ID -r --output json | jq -c .rotation
{"enabled":true,"interval_month":3}
[exit 0]
$ ibmcloud kp key policy-update rotation $KEY_ID -d --output json | jq -c .rotation
{"enabled":false,"interval_month":3}
[exit 0]
$ ibmcloud kp key policies $KEY_ID -d --output json
{}
[exit 0]
$ ibmcloud kp key versions $KEY_ID -o json | jq '.metadata.collectionTotal'
2
[exit 0]
$ ibmcloud kp key sync $KEY_ID
Synchronizing key...
OK
Key's associated resources are synchronized successfully
[exit 0]

# "Delete a key" with JSON output prints the id only.
$ STD_ID=$(ibmcloud kp keys --output json | jq -r '.[] | select(.name == "my-standard-key") | .id')
> ibmcloud kp key delete $STD_ID --output json
{
  "id": "$KEY_MY_STANDARD_KEY"
}
[exit 0]

# "Import a root key" with key material from openssl.
$ KEY_MATERIAL=$(openssl rand -base64 32)
> KEY_ID=$(ibmcloud kp key create my-base64-root-key -k $KEY_MATERIAL --output json | jq -r '.["id"]')
> ibmcloud kp key show $KEY_ID --output json | jq '.imported'
true
[exit 0]
