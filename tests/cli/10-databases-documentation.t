# The Cloud Databases "Key Protect Integration" page (reference-key-protect.md), pasted with its
# placeholders filled in as a reader would: a key, the authorization, a deployment from the CLI and
# one from the API, then deleting the deployment, force-deleting the key (cryptoshredding).

$ KEY_CRN=$(ibmcloud kp key create pg-root-key --output json | jq -r .crn)
> ibmcloud iam authorization-policy-create databases-for-postgresql kms Reader --output json | jq -r '.roles[0].display_name'
Reader
[exit 0]

# "In the CLI, use the disk_encryption_key_crn parameter in the parameters JSON object."
$ ibmcloud resource service-instance-create example-database databases-for-postgresql standard us-south \
> -p \ '{
>   "disk_encryption_key_crn": "'$KEY_CRN'"
> }'
Creating service instance example-database in resource group Default of account $ACCOUNT as alice@example.com...
OK
Service instance example-database was created.

Name:                  example-database
ID:                    $DB_CRN_EXAMPLE_DATABASE
GUID:                  $DB_EXAMPLE_DATABASE
Location:              us-south
Service Name:          databases-for-postgresql
Service Plan Name:     databases-for-postgresql-standard
Resource Group Name:   Default
State:                 provisioning
Type:                  service_instance
Created at:            2026-01-01T00:00:00Z
Created by:            alice@example.com
Last Operation:        create in progress (Provisioning deployment (0%))
Disk Encryption Key:   $KEY_CRN_PG_ROOT_KEY
Key Version:           $KEY_PG_ROOT_KEY
Cryptoshredded:        false
[exit 0]

# "In the API, use the disk_encryption_key parameter in the body of the request."
$ curl -X POST \
>   https://resource-controller.cloud.ibm.com/v2/resource_instances \
>   -H "Authorization: Bearer $ACCESS_TOKEN" \
>   -H 'Content-Type: application/json' \
>     -d '{
>     "name": "my-instance",
>     "target": "blue-us-south",
>     "resource_group": "5g9f447903254bb58972a2f3f5a4c711",
>     "resource_plan_id": "databases-for-postgresql-standard",
>     "disk_encryption_key_crn": "'$KEY_CRN'"
>   }' | jq -r '.name, .state'
my-instance
provisioning
[exit 0]

# Both deployments are registered on the key once provisioned.
$ sandbox advance 31m
> ibmcloud kp registrations --output json | jq -r '.[] | .resourceCrn' | grep -c databases-for-postgresql
Advanced 31m: the clock is now 2026-01-01T00:31:00Z
Time                   Event                                      Outcome       Initiator
2026-01-01T00:30:00Z   kms.secrets.unwrap                         success 200   databases-for-postgresql
2026-01-01T00:30:00Z   databases-for-postgresql.instance.create   success 200   databases-for-postgresql
2026-01-01T00:30:00Z   kms.secrets.unwrap                         success 200   databases-for-postgresql
2026-01-01T00:30:00Z   databases-for-postgresql.instance.create   success 200   databases-for-postgresql
2
[exit 0]

# "Deleting the Deployment": it stays registered during the soft-deletion period, so deleting the
# key needs force; force is cryptoshredding.
$ ibmcloud resource service-instance-delete example-database -f
Deleting service instance example-database in resource group Default under account $ACCOUNT as alice@example.com...
OK
Service instance example-database with ID $DB_CRN_EXAMPLE_DATABASE is deleted successfully
[exit 0]
$ KEY_ID=$(ibmcloud kp keys --output json | jq -r '.[] | select(.name == "pg-root-key") | .id')
> ibmcloud kp key delete $KEY_ID
Deleting key: $KEY_PG_ROOT_KEY, from instance: $INSTANCE...
! FAILED
! kp.Error: correlation_id='363f3453-3546-4850-a5b8-ec135e23587f', msg='Conflict: Key could not be deleted: Please see 'reasons' for more details (PROTECTED_RESOURCE_ERR)', reasons='[PROTECTED_RESOURCE_ERR: Key is protecting one or more cloud resources - FOR_MORE_INFO_REFER: https://cloud.ibm.com/apidocs/key-protect]'
[exit 1]
$ ibmcloud kp key delete $KEY_ID --force --output json
{
  "id": "$KEY_PG_ROOT_KEY"
}
[exit 0]

# The deployment made through the API is cryptoshredded once the deletion reaches it: disabled,
# its metadata still visible.
$ sandbox advance 5m
> ibmcloud resource service-instance my-instance --output json | jq -r '.state, .sandbox.cryptoshredded'
Advanced 5m: the clock is now 2026-01-01T00:36:00Z
Time                   Event                                                Outcome       Initiator
2026-01-01T00:36:00Z   databases-for-postgresql.deployment-volumes.update   success 200   databases-for-postgresql
2026-01-01T00:36:00Z   kms.secrets.ack-delete                               success 200   databases-for-postgresql
2026-01-01T00:36:00Z   databases-for-postgresql.deployment-volumes.update   success 200   databases-for-postgresql
2026-01-01T00:36:00Z   kms.secrets.ack-delete                               success 200   databases-for-postgresql
2026-01-01T00:36:00Z   kms.secrets.endtoenddelete                           success 200   Key Protect
inactive
true
[exit 0]
