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
