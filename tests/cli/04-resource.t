# Resource Controller and IAM through the CLI: refusals with the sandbox's hints, instances,
# reclamations restored and deleted, authorizations deleted.

$ ibmcloud kp key create pg-root-key
Creating key: 'pg-root-key', in instance: '$INSTANCE'...
OK
Key ID                                 Key Name
$KEY_PG_ROOT_KEY                       pg-root-key
[exit 0]
$ ibmcloud kp key create app-key -s
Creating key: 'app-key', in instance: '$INSTANCE'...
OK
Key ID                                 Key Name
$KEY_APP_KEY                           app-key
[exit 0]

# Provisioning refusals, client-side and from the service.
$ ibmcloud resource service-instance-create orders-db databases-for-postgresql premium us-south
! FAILED
! Plan 'premium' was not found for service 'databases-for-postgresql'. Use 'standard' (or 'databases-for-postgresql-standard').
[exit 1]
$ ibmcloud resource service-instance-create orders-db databases-for-postgresql standard us-south -p '{"disk_encryption_key_crn":'
! FAILED
! Incorrect Usage: -p is not valid JSON (EOF while parsing a value at line 1 column 27). Quote it in single quotes: -p '{"disk_encryption_key_crn":"crn:v1:..."}'
[exit 2]
$ ibmcloud resource service-instance-create orders-db databases-for-postgresql standard us-south -p '{"disk_encryption_key_crn":"not-a-crn"}'
Creating service instance orders-db in resource group Default of account $ACCOUNT as alice@example.com...
! FAILED
! Error response from server. Status code: 400; code: RC-ServiceBrokerErrorResponse; description: [400, Bad Request] We were unable to complete your request: disk_encryption_key_crn is not a valid key CRN: 'not-a-crn' is not a valid CRN: it has 1 segments separated by ':', a CRN has 10 (crn:v1:bluemix:public:<service>:<region>:a/<account>:<instance>:<type>:<resource>). Try again with valid values or contact support if the issue persists.
[exit 1]
$ ibmcloud resource service-instance-create orders-db databases-for-postgresql standard us-south -p "{\"disk_encryption_key_crn\":\"$KEY_CRN_PG_ROOT_KEY\"}"
Creating service instance orders-db in resource group Default of account $ACCOUNT as alice@example.com...
! FAILED
! Error response from server. Status code: 400; code: RC-ServiceBrokerErrorResponse; description: [400, Bad Request] We were unable to complete your request: Key not found. Databases for PostgreSQL may not be authorized to access the KMS instance selected for disk encryption. View our documentation (https://cloud.ibm.com/docs/cloud-databases?topic=cloud-databases-key-protect#granting-service-authorization) for more information. Try again with valid values or contact support if the issue persists.
! Sandbox hint: No IAM authorization lets databases-for-postgresql use Key Protect instance $INSTANCE with the Reader role. Create one: ibmcloud iam authorization-policy-create databases-for-postgresql kms Reader --target-service-instance-id $INSTANCE
[exit 1]
$ ibmcloud iam authorization-policy-create databases-for-postgresql kms Writer
Creating authorization policy under account $ACCOUNT as alice@example.com...
! FAILED
! Error response from server. Status code: 404; code: role_not_found; description: Role 'Writer' was not found: an authorization from databases-for-postgresql to kms can grant Reader and AuthorizationDelegator
[exit 1]
$ ibmcloud iam authorization-policy-create databases-for-postgresql kms Reader,AuthorizationDelegator
Creating authorization policy under account $ACCOUNT as alice@example.com...
OK
Authorization policy $POLICY_1 was created.

ID:                        $POLICY_1
Source service name:       databases-for-postgresql
Source service instance:   All instances
Target service name:       kms
Target service instance:   All instances
Roles:                     Reader, AuthorizationDelegator
[exit 0]
$ ibmcloud resource service-instance-create orders-db databases-for-postgresql standard us-south -p "{\"disk_encryption_key_crn\":\"$KEY_CRN_APP_KEY\"}"
Creating service instance orders-db in resource group Default of account $ACCOUNT as alice@example.com...
! FAILED
! Error response from server. Status code: 400; code: RC-ServiceBrokerErrorResponse; description: [400, Bad Request] We were unable to complete your request: The key $KEY_APP_KEY is a standard key: disk encryption needs a root key. Try again with valid values or contact support if the issue persists.
[exit 1]
$ ibmcloud resource service-instance-create orders-db databases-for-postgresql standard us-south -p "{\"disk_encryption_key_crn\":\"$KEY_CRN_PG_ROOT_KEY\"}" -o json
! FAILED
! Incorrect Usage: flag provided but not defined: -o
! 
! NAME:
!    resource service-instance-create - Create a service instance (a deployment, or a Key Protect instance)
! 
! USAGE:
!    ibmcloud resource service-instance-create NAME SERVICE PLAN LOCATION [-p JSON] [-g RESOURCE_GROUP] [--output FORMAT]
! 
! OPTIONS:
!    -p, --parameters JSON   parameters, e.g. '{"disk_encryption_key_crn":"crn:..."}'
!    -g RESOURCE_GROUP       the resource group (default: Default)
!    --output FORMAT         'json' prints the service's JSON
[exit 2]
$ ibmcloud resource service-instance-create orders-db databases-for-postgresql standard us-south -p "{\"disk_encryption_key_crn\":\"$KEY_CRN_PG_ROOT_KEY\"}" --output json
{
  "account_id": "$ACCOUNT",
  "allow_cleanup": false,
  "created_at": "2026-01-01T00:00:00Z",
  "created_by": "IBMid-14452A0856",
  "crn": "$DB_CRN_ORDERS_DB",
  "guid": "$DB_ORDERS_DB",
  "id": "$DB_CRN_ORDERS_DB",
  "last_operation": {
    "async": true,
    "description": "Provisioning deployment (0%)",
    "state": "in progress",
    "type": "create"
  },
  "locked": false,
  "name": "orders-db",
  "parameters": {
    "disk_encryption_key_crn": "$KEY_CRN_PG_ROOT_KEY"
  },
  "region_id": "us-south",
  "resource_group_id": "Default",
  "resource_id": "databases-for-postgresql",
  "resource_plan_id": "databases-for-postgresql-standard",
  "sandbox": {
    "cryptoshredded": false,
    "disabled_reason": null,
    "key_version": "$KEY_PG_ROOT_KEY",
    "reclamation_id": null,
    "tasks": [
      {
        "created_at": "2026-01-01T00:00:00Z",
        "deployment_id": "$DB_CRN_ORDERS_DB",
        "description": "Provisioning deployment",
        "id": "4b82eba3-7fa4-4694-aa2a-aeb14bb3c9e9",
        "progress_percent": 0,
        "status": "running"
      }
    ]
  },
  "state": "provisioning",
  "type": "service_instance",
  "url": "/v2/resource_instances/$DB_ORDERS_DB"
}
[exit 0]
$ ibmcloud resource service-instance-create plain-db databases-for-redis standard us-south
Creating service instance plain-db in resource group Default of account $ACCOUNT as alice@example.com...
OK
Service instance plain-db was created.

Name:                  plain-db
ID:                    $DB_CRN_PLAIN_DB
GUID:                  $DB_PLAIN_DB
Location:              us-south
Service Name:          databases-for-redis
Service Plan Name:     databases-for-redis-standard
Resource Group Name:   Default
State:                 provisioning
Type:                  service_instance
Created at:            2026-01-01T00:00:00Z
Created by:            alice@example.com
Last Operation:        create in progress (Provisioning deployment (0%))
Cryptoshredded:        false
[exit 0]

# A second Key Protect instance, and listing.
$ ibmcloud resource service-instance-create my-kp kms tiered-pricing eu-de
Creating service instance my-kp in resource group Default of account $ACCOUNT as alice@example.com...
OK
Service instance my-kp was created.

Name:                  my-kp
ID:                    crn:v1:bluemix:public:kms:eu-de:a/$ACCOUNT:2b06f9bb-441f-4052-86fa-7fe98a6bfd7e::
GUID:                  2b06f9bb-441f-4052-86fa-7fe98a6bfd7e
Location:              eu-de
Service Name:          kms
Service Plan Name:     tiered-pricing
Resource Group Name:   Default
State:                 active
Type:                  service_instance
Created at:            2026-01-01T00:00:00Z
Last Operation:        create succeeded (Completed create instance operation)
[exit 0]
$ ibmcloud resource service-instances
Retrieving instances with type service_instance in all resource groups in all locations under account $ACCOUNT as alice@example.com...
OK
Name                  Location   State          Service                    GUID
Key Protect-sandbox   us-south   active         kms                        $INSTANCE
my-kp                 eu-de      active         kms                        2b06f9bb-441f-4052-86fa-7fe98a6bfd7e
orders-db             us-south   provisioning   databases-for-postgresql   $DB_ORDERS_DB
plain-db              us-south   provisioning   databases-for-redis        $DB_PLAIN_DB
[exit 0]
$ ibmcloud resource service-instances --service-name kms
Retrieving instances with type service_instance in all resource groups in all locations under account $ACCOUNT as alice@example.com...
OK
Name                  Location   State    Service   GUID
Key Protect-sandbox   us-south   active   kms       $INSTANCE
my-kp                 eu-de      active   kms       2b06f9bb-441f-4052-86fa-7fe98a6bfd7e
[exit 0]
$ ibmcloud resource service-instance my-kp
Retrieving service instance my-kp in all resource groups under account $ACCOUNT as alice@example.com...
OK

Name:                  my-kp
ID:                    crn:v1:bluemix:public:kms:eu-de:a/$ACCOUNT:2b06f9bb-441f-4052-86fa-7fe98a6bfd7e::
GUID:                  2b06f9bb-441f-4052-86fa-7fe98a6bfd7e
Location:              eu-de
Service Name:          kms
Service Plan Name:     tiered-pricing
Resource Group Name:   Default
State:                 active
Type:                  service_instance
Created at:            2026-01-01T00:00:00Z
Last Operation:        create succeeded (Completed create instance operation)
[exit 0]
$ ibmcloud resource service-instance nothing-here
Retrieving service instance nothing-here in all resource groups under account $ACCOUNT as alice@example.com...
! FAILED
! Error response from server. Status code: 404; code: RC-ResourceNotFound; description: Resource instance 'nothing-here' was not found in this account
[exit 1]

# Soft deletion: restore, then delete for good.
$ sandbox advance 30m
Advanced 30m: the clock is now 2026-01-01T00:30:00Z
Time                   Event                                      Outcome       Initiator
2026-01-01T00:30:00Z   kms.secrets.unwrap                         success 200   databases-for-postgresql
2026-01-01T00:30:00Z   databases-for-postgresql.instance.create   success 200   databases-for-postgresql
2026-01-01T00:30:00Z   databases-for-redis.instance.create        success 200   databases-for-redis
[exit 0]
$ ibmcloud resource service-instance-delete orders-db -f
Deleting service instance orders-db in resource group Default under account $ACCOUNT as alice@example.com...
OK
Service instance orders-db with ID $DB_CRN_ORDERS_DB is deleted successfully
[exit 0]
$ ibmcloud resource reclamation $RECLAMATION_ORDERS_DB
Retrieving reclamation $RECLAMATION_ORDERS_DB of account $ACCOUNT as alice@example.com...
OK

ID:                     $RECLAMATION_ORDERS_DB
Entity ID:              $DB_ORDERS_DB
Entity CRN:             $DB_CRN_ORDERS_DB
Resource Instance ID:   $DB_ORDERS_DB
Resource Group ID:      Default
State:                  SCHEDULED
Target Time:            2026-01-10T00:30:00Z
Created At:             2026-01-01T00:30:00Z
Updated At:             2026-01-01T00:30:00Z
[exit 0]
$ ibmcloud resource reclamation 0000
Retrieving reclamation 0000 of account $ACCOUNT as alice@example.com...
! FAILED
! Reclamation 0000 was not found: 'ibmcloud resource reclamations' lists them.
[exit 1]
$ ibmcloud resource reclamation-restore $RECLAMATION_ORDERS_DB
Restoring resource reclamation $RECLAMATION_ORDERS_DB under account $ACCOUNT as alice@example.com...
OK
Reclamation $RECLAMATION_ORDERS_DB was restored.

ID:                     $RECLAMATION_ORDERS_DB
Entity ID:              $DB_ORDERS_DB
Entity CRN:             $DB_CRN_ORDERS_DB
Resource Instance ID:   $DB_ORDERS_DB
Resource Group ID:      Default
State:                  RESTORED
Target Time:            2026-01-10T00:30:00Z
Created At:             2026-01-01T00:30:00Z
Updated At:             2026-01-01T00:30:00Z
[exit 0]
$ ibmcloud resource service-instance-delete orders-db
Deleting service instance orders-db in resource group Default under account $ACCOUNT as alice@example.com...
OK
Service instance orders-db with ID $DB_CRN_ORDERS_DB is deleted successfully
[exit 0]
$ ibmcloud resource reclamation-delete $RECLAMATION_ORDERS_DB -f
Deleting resource reclamation $RECLAMATION_ORDERS_DB under account $ACCOUNT as alice@example.com...
OK
Reclamation $RECLAMATION_ORDERS_DB was deleted.

ID:                     $RECLAMATION_ORDERS_DB
Entity ID:              $DB_ORDERS_DB
Entity CRN:             $DB_CRN_ORDERS_DB
Resource Instance ID:   $DB_ORDERS_DB
Resource Group ID:      Default
State:                  RECLAIMING
Target Time:            2026-01-10T00:30:00Z
Created At:             2026-01-01T00:30:00Z
Updated At:             2026-01-01T00:30:00Z
[exit 0]
$ ibmcloud resource reclamations
Retrieving all reclamations of account $ACCOUNT as alice@example.com...
OK
No reclamation found.
[exit 0]
$ ibmcloud kp key delete $KEY_PG_ROOT_KEY
Deleting key: $KEY_PG_ROOT_KEY, from instance: $INSTANCE...
OK
Deleted Key
$KEY_PG_ROOT_KEY
[exit 0]

# Authorizations.
$ ibmcloud iam authorization-policies --output json
[
  {
    "created_at": "2026-01-01T00:00:00Z",
    "created_by_id": "IBMid-14452A0856",
    "href": "https://iam.cloud.ibm.com/v1/policies/$POLICY_1",
    "id": "$POLICY_1",
    "last_modified_at": "2026-01-01T00:00:00Z",
    "last_modified_by_id": "IBMid-14452A0856",
    "resources": [
      {
        "attributes": [
          {
            "name": "accountId",
            "operator": "stringEquals",
            "value": "$ACCOUNT"
          },
          {
            "name": "serviceName",
            "operator": "stringEquals",
            "value": "kms"
          }
        ]
      }
    ],
    "roles": [
      {
        "description": "As a reader, you can perform read-only actions within a service such as viewing service-specific resources.",
        "display_name": "Reader",
        "role_id": "crn:v1:bluemix:public:iam::::serviceRole:Reader"
      },
      {
        "description": "As an authorization delegator, the source service can delegate its access to other services.",
        "display_name": "AuthorizationDelegator",
        "role_id": "crn:v1:bluemix:public:iam::::serviceRole:AuthorizationDelegator"
      }
    ],
    "state": "active",
    "subjects": [
      {
        "attributes": [
          {
            "name": "accountId",
            "value": "$ACCOUNT"
          },
          {
            "name": "serviceName",
            "value": "databases-for-postgresql"
          }
        ]
      }
    ],
    "type": "authorization"
  }
]
[exit 0]
$ ibmcloud iam authorization-policy-delete $POLICY_1 -f
Deleting authorization policy $POLICY_1 under account $ACCOUNT as alice@example.com...
OK
Authorization policy $POLICY_1 was deleted.
[exit 0]
$ ibmcloud iam authorization-policy-delete $POLICY_1 -f
Deleting authorization policy $POLICY_1 under account $ACCOUNT as alice@example.com...
! FAILED
! Error response from server. Status code: 404; code: policy_not_found; description: Policy with ID '$POLICY_1' not found
[exit 1]
$ ibmcloud iam authorization-policies
Getting authorization policies under account $ACCOUNT as alice@example.com...
OK
No policy found.
[exit 0]
