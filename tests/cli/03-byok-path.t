# The documentation's path with the CLI: a root key, the service authorization, a Databases for
# PostgreSQL deployment provisioned with the key's CRN, the deployment deleted (soft), the key's
# deletion refused, then forced: the deployment is cryptoshredded.

# 1. Create a root key in the sandbox's Key Protect instance.
$ export KP_INSTANCE_ID=$INSTANCE
[exit 0]
$ ibmcloud kp key create pg-root-key
Creating key: 'pg-root-key', in instance: '$INSTANCE'...
OK
Key ID                                 Key Name
$KEY_PG_ROOT_KEY                       pg-root-key
[exit 0]
$ ibmcloud kp key show $KEY_PG_ROOT_KEY
Grabbing info for key id: $KEY_PG_ROOT_KEY...
OK
Key ID                                 Key Name      Description   Creation Date                   Expiration Date
$KEY_PG_ROOT_KEY                       pg-root-key                 2026-01-01 00:00:00 +0000 UTC   Key does not expire
[exit 0]

# 2. Authorize Databases for PostgreSQL to read keys in this instance.
$ ibmcloud iam authorization-policy-create databases-for-postgresql kms Reader --target-service-instance-id $KP_INSTANCE_ID
Creating authorization policy under account $ACCOUNT as alice@example.com...
OK
Authorization policy $POLICY_1 was created.

ID:                        $POLICY_1
Source service name:       databases-for-postgresql
Source service instance:   All instances
Target service name:       kms
Target service instance:   $INSTANCE
Roles:                     Reader
[exit 0]
$ ibmcloud iam authorization-policies
Getting authorization policies under account $ACCOUNT as alice@example.com...
OK

ID:                        $POLICY_1
Source service name:       databases-for-postgresql
Source service instance:   All instances
Target service name:       kms
Target service instance:   $INSTANCE
Roles:                     Reader
[exit 0]

# 3. Provision the deployment with the key's CRN; it takes 30 simulated minutes.
$ ibmcloud resource service-instance-create orders-db databases-for-postgresql databases-for-postgresql-standard us-south -p '{"disk_encryption_key_crn": "'$KEY_CRN_PG_ROOT_KEY'"}'
Creating service instance orders-db in resource group Default of account $ACCOUNT as alice@example.com...
OK
Service instance orders-db was created.

Name:                  orders-db
ID:                    $DB_CRN_ORDERS_DB
GUID:                  $DB_ORDERS_DB
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
$ ibmcloud kp registrations -k $KEY_PG_ROOT_KEY
Retrieving registrations...
OK
Key ID                                 Resource CRN                                                                                                                        Prevent Key Deletion   Creation Date
$KEY_PG_ROOT_KEY                       $DB_CRN_ORDERS_DB                                                                                                                   false                  2026-01-01T00:00:00Z
[exit 0]
$ sandbox advance 30m
Advanced 30m: the clock is now 2026-01-01T00:30:00Z
Time                   Event                                      Outcome       Initiator
2026-01-01T00:30:00Z   kms.secrets.unwrap                         success 200   databases-for-postgresql
2026-01-01T00:30:00Z   databases-for-postgresql.instance.create   success 200   databases-for-postgresql
[exit 0]
$ ibmcloud resource service-instance orders-db
Retrieving service instance orders-db in all resource groups under account $ACCOUNT as alice@example.com...
OK

Name:                  orders-db
ID:                    $DB_CRN_ORDERS_DB
GUID:                  $DB_ORDERS_DB
Location:              us-south
Service Name:          databases-for-postgresql
Service Plan Name:     databases-for-postgresql-standard
Resource Group Name:   Default
State:                 active
Type:                  service_instance
Created at:            2026-01-01T00:00:00Z
Created by:            alice@example.com
Last Operation:        create succeeded (Completed create instance operation)
Disk Encryption Key:   $KEY_CRN_PG_ROOT_KEY
Key Version:           $KEY_PG_ROOT_KEY
Cryptoshredded:        false
[exit 0]

# 4. Delete the deployment: it stays reclaimable (and registered on the key) for 9 days.
$ ibmcloud resource service-instance-delete orders-db
Deleting service instance orders-db in resource group Default under account $ACCOUNT as alice@example.com...
OK
Service instance orders-db with ID $DB_CRN_ORDERS_DB is deleted successfully
[exit 0]
$ ibmcloud resource reclamations
Retrieving all reclamations of account $ACCOUNT as alice@example.com...
OK
ID                                     Resource Instance ID                   State       Target Time
$RECLAMATION_ORDERS_DB                 $DB_ORDERS_DB                          SCHEDULED   2026-01-10T00:30:00Z
[exit 0]

# 5. Deleting the key is refused while it protects the deployment; force deletes it (cryptoshredding).
$ ibmcloud kp key delete $KEY_PG_ROOT_KEY
Deleting key: $KEY_PG_ROOT_KEY, from instance: $INSTANCE...
! FAILED
! kp.Error: correlation_id='9e286cab-8f34-4346-8f43-9a484b1633fb', msg='Conflict: Key could not be deleted: Please see 'reasons' for more details (PROTECTED_RESOURCE_ERR)', reasons='[PROTECTED_RESOURCE_ERR: Key is protecting one or more cloud resources - FOR_MORE_INFO_REFER: https://cloud.ibm.com/apidocs/key-protect]'
[exit 1]
$ ibmcloud kp key delete $KEY_PG_ROOT_KEY -f
Deleting key: $KEY_PG_ROOT_KEY, from instance: $INSTANCE...
OK
Deleted Key
$KEY_PG_ROOT_KEY
[exit 0]

# 6. The key event reaches the deployment after 5 minutes: its DEK is discarded.
$ sandbox advance 5m
Advanced 5m: the clock is now 2026-01-01T00:35:00Z
Time                   Event                                                Outcome       Initiator
2026-01-01T00:35:00Z   databases-for-postgresql.deployment-volumes.update   success 200   databases-for-postgresql
2026-01-01T00:35:00Z   kms.secrets.ack-delete                               success 200   databases-for-postgresql
2026-01-01T00:35:00Z   kms.secrets.endtoenddelete                           success 200   Key Protect
[exit 0]
$ ibmcloud resource service-instance $DB_ORDERS_DB
Retrieving service instance $DB_ORDERS_DB in all resource groups under account $ACCOUNT as alice@example.com...
OK

Name:                  orders-db
ID:                    $DB_CRN_ORDERS_DB
GUID:                  $DB_ORDERS_DB
Location:              us-south
Service Name:          databases-for-postgresql
Service Plan Name:     databases-for-postgresql-standard
Resource Group Name:   Default
State:                 pending_reclamation
Type:                  service_instance
Created at:            2026-01-01T00:00:00Z
Created by:            alice@example.com
Last Operation:        delete succeeded (Instance is pending reclamation)
Disk Encryption Key:   $KEY_CRN_PG_ROOT_KEY
Key Version:           $KEY_PG_ROOT_KEY
Disabled Reason:       key destroyed: the data encryption key is gone for good
Cryptoshredded:        true
Reclamation ID:        $RECLAMATION_ORDERS_DB
[exit 0]
$ ibmcloud kp registrations
Retrieving registrations...
OK
Key ID                                 Resource CRN                                                                                                                        Prevent Key Deletion   Creation Date
$KEY_PG_ROOT_KEY                       $DB_CRN_ORDERS_DB                                                                                                                   false                  2026-01-01T00:00:00Z
[exit 0]
