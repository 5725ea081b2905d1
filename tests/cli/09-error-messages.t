# Examples of the Key Protect "Error messages" page, pasted as written (error-messages.md): the
# token into a variable with backquotes, then curl and the CLI side by side.

# "Retrieving an access token": the first form keeps the word "Bearer".
$ export ACCESS_TOKEN=`ibmcloud iam oauth-tokens | grep IAM | cut -d \: -f 2 | sed 's/^ *//'`
> echo $ACCESS_TOKEN | cut -d ' ' -f 1
Bearer
[exit 0]
$ export ACCESS_TOKEN=`ibmcloud iam oauth-tokens | grep IAM | cut -d ' ' -f 5 | sed 's/^ *//'`
> echo $ACCESS_TOKEN | grep -c Bearer
0
[exit 1]

# 13 - Missing body in request (NO_BODY_ERR): an unwrap without -d, then with it.
$ KEY_ID=$(ibmcloud kp key create example-key -i $KP_INSTANCE_ID --output json | jq -r '.["id"]')
> PLAINTEXT=$(openssl rand -base64 32)
> CIPHERTEXT=$(ibmcloud kp key wrap $KEY_ID -i $KP_INSTANCE_ID -p $PLAINTEXT --output json | jq -r '.["Ciphertext"]')
> curl -X POST \
>     "https://us-south.kms.cloud.ibm.com/api/v2/keys/$KEY_ID/actions/unwrap" \
>     -H "authorization: Bearer $ACCESS_TOKEN" \
>     -H "bluemix-instance: $KP_INSTANCE_ID" \
>     -H "content-type: application/vnd.ibm.kms.key_action+json"
{"metadata":{"collectionTotal":1,"collectionType":"application/vnd.ibm.kms.error+json"},"resources":[{"errorMsg":"Bad Request: Unwrap with key could not be performed: Please see 'reasons' for more details (NO_BODY_ERR)","reasons":[{"code":"NO_BODY_ERR","message":"Missing body in request","moreInfo":"https://cloud.ibm.com/apidocs/key-protect","status":400}]}]}
[exit 0]
$ curl -X POST \
>     "https://us-south.kms.cloud.ibm.com/api/v2/keys/$KEY_ID/actions/unwrap" \
>     -H "authorization: Bearer $ACCESS_TOKEN" \
>     -H "bluemix-instance: $KP_INSTANCE_ID" \
>     -H "content-type: application/vnd.ibm.kms.key_action+json" \
>     -d '{
>             "ciphertext": "'$CIPHERTEXT'"
>         }' | jq -r '.plaintext == "'$PLAINTEXT'"'
true
[exit 0]

# 14 - Number of authorizations required to delete is not met (AUTHORIZATIONS_NOT_MET).
$ KEY_ID=$(ibmcloud kp key create example-key -i $KP_INSTANCE_ID --output json | jq -r '.["id"]')
> ibmcloud kp key policy-update dual-auth-delete $KEY_ID -i $KP_INSTANCE_ID --enable
Setting a rotation interval for key ID: $KEY_EXAMPLE_KEY...
OK

Key ID          $KEY_EXAMPLE_KEY
Created By      IBMid-14452A0856
Creation Date   2026-01-01T00:00:00Z
Last Updated    2026-01-01T00:00:00Z
Updated By      IBMid-14452A0856
Enabled         true
[exit 0]
$ ibmcloud kp key policies $KEY_ID -i $KP_INSTANCE_ID --output json | jq -c '.[] | .dualAuthDelete'
{"enabled":true}
[exit 0]
$ curl -X DELETE \
>     "https://us-south.kms.cloud.ibm.com/api/v2/keys/$KEY_ID" \
>     -H "authorization: Bearer $ACCESS_TOKEN" \
>     -H "bluemix-instance: $KP_INSTANCE_ID" \
>     -H "content-type: application/vnd.ibm.kms.key+json"
{"metadata":{"collectionTotal":1,"collectionType":"application/vnd.ibm.kms.error+json"},"resources":[{"errorMsg":"Conflict: Key could not be deleted: Please see 'reasons' for more details (AUTHORIZATIONS_NOT_MET)","reasons":[{"code":"AUTHORIZATIONS_NOT_MET","message":"Number of authorizations required to delete is not met","moreInfo":"https://cloud.ibm.com/apidocs/key-protect","status":409}]}]}
[exit 0]

# Not a dual-authorization key: scheduling its deletion fails (NOT_DUAL_AUTH_ERR).
$ KEY_ID=$(ibmcloud kp key create example-key-2 --output json | jq -r '.["id"]')
> ibmcloud kp key schedule-delete $KEY_ID
Scheduling key for deletion...
! FAILED
! kp.Error: correlation_id='ef740748-0849-4de6-b7e2-24ca0053f5f4', msg='Conflict: Action could not be performed on key: Please see 'reasons' for more details (NOT_DUAL_AUTH_ERR)', reasons='[NOT_DUAL_AUTH_ERR: The key is not dual auth enabled and cannot be set for deletion - FOR_MORE_INFO_REFER: https://cloud.ibm.com/apidocs/key-protect]'
[exit 1]

# A key deleted twice: the second time is 410 KEY_DELETED_ERR.
$ ibmcloud kp key delete $KEY_ID -i $KP_INSTANCE_ID
Deleting key: $KEY_EXAMPLE_KEY_2, from instance: $INSTANCE...
OK
Deleted Key
$KEY_EXAMPLE_KEY_2
[exit 0]
$ curl -X DELETE \
>     "https://us-south.kms.cloud.ibm.com/api/v2/keys/$KEY_ID" \
>     -H "authorization: Bearer $ACCESS_TOKEN" \
>     -H "bluemix-instance: $KP_INSTANCE_ID" \
>     -H "content-type: application/vnd.ibm.kms.key+json"
{"metadata":{"collectionTotal":1,"collectionType":"application/vnd.ibm.kms.error+json"},"resources":[{"errorMsg":"Gone: Key could not be deleted: Please see 'reasons' for more details (KEY_DELETED_ERR)","reasons":[{"code":"KEY_DELETED_ERR","message":"Key has already been deleted. Please delete references to this key.","moreInfo":"https://cloud.ibm.com/apidocs/key-protect","status":410}]}]}
[exit 0]

# The page's typo ("ibmcloud key" without "kp") gets the CLI's answer.
$ ibmcloud key disable $KEY_ID -i $KP_INSTANCE_ID
! FAILED
! 'key' is not a registered command. See 'ibmcloud help'.
! Did you mean 'kp'?
[exit 2]
