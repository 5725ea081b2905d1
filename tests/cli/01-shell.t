# The shell itself: help, variables, quoting, errors of every kind, and pastes that stop at the
# first failing command.

$ help
The sandbox's terminal runs these commands (as the current user; 'sandbox as USER' changes it):

  ibmcloud kp         Manage Key Protect keys, policies, registrations and key rings
  ibmcloud iam        Manage service-to-service authorizations
  ibmcloud resource   Manage service instances (databases, Key Protect) and reclamations
  sandbox             Drive the sandbox: now, advance DURATION, as USER, users, reset [--seed N]
  export NAME=value   Set a variable ($NAME, ${NAME}); KP_INSTANCE_ID is the default for 'kp -i'
  unset, history

Always set: ACCESS_TOKEN (the acting user's IAM token), KP_INSTANCE_ID (the first Key Protect
instance) and REGION (us-south), until you export your own.

Tools, as far as the documentation's examples use them:
  jq [-r] [-c] FILTER        .  .a  .["a"]  .a.b  .[N]  .[]  |  ,  ==  !=  length  keys  select(f)  map(f)  literals; flags -r -c
  echo [-n] WORDS            print the words
  printf FORMAT ARGS         %s, %d, %%; \n, \t, \\
  grep [-v] [-i] [-c] TEXT   the lines containing TEXT (a fixed string)
  cut -d C -f LIST           fields of each line: -f 2, -f 1,3, -f 2-
  sed 's/RE/TEXT/[g]'        substitution; RE: characters, ., X*, ^, $
  curl [OPTIONS] URL         IBM Cloud's API URLs, answered here: -X -H -d -i -s -v -w -f ... (curl --help)
  openssl rand               rand -base64 N, rand -hex N (from the sandbox's seeded generator)

The shell reads bash's forms: NAME=value, $(...) and `...`, pipes (|), &&, || and ;, quotes and
a trailing \ over several lines, # comments. Not: redirections, loops, conditionals, functions.

'ibmcloud kp help' lists the Key Protect commands; COMMAND --help shows a command's flags.
A pasted block runs command by command and stops at the first one that fails (as with set -e).
[exit 0]
$ ibmcloud help
NAME:
   ibmcloud - the IBM Cloud command line, as the sandbox simulates it

USAGE:
   ibmcloud COMMAND [SUBCOMMAND] [ARGUMENTS] [FLAGS]

COMMANDS:
   iam          Manage service-to-service authorizations
   kp           Manage Key Protect keys, policies, registrations and key rings
   resource     Manage service instances (databases, Key Protect) and reclamations

Enter 'ibmcloud COMMAND help' for a command's subcommands and 'sandbox help' for the sandbox's own.
[exit 0]
$ ibmcloud kp help
USAGE:
   ibmcloud kp COMMAND [ARGUMENTS] [FLAGS]

COMMANDS:
   instance        Show or set the instance's policies
   key             Manage one key
   key-ring        Create or delete a key ring
   key-rings       List the instance's key rings
   keys            List the keys of an instance
   region-set      Target a regional endpoint (every region reaches the sandbox)
   registrations   List registrations: which resources each key protects

Enter 'ibmcloud kp COMMAND --help' for more information about a command.
[exit 0]
$ ibmcloud kp key --help
USAGE:
   ibmcloud kp key COMMAND [ARGUMENTS] [FLAGS]

COMMANDS:
   cancel-delete     Cancel a key's deletion authorization
   create            Create a root key, or import one with -k
   delete            Delete a key
   disable           Disable a key (Suspended)
   enable            Enable a disabled key
   policies          Show a key's policies
   policy-update     Update a key's rotation or dual authorization policy
   purge             Purge a deleted key (from 4 hours after deletion; needs KeyPurge)
   restore           Restore a deleted key (within 30 days)
   rotate            Rotate a root key
   schedule-delete   Authorize a key's deletion (dual authorization)
   show              Show a key's details
   sync              Send the key's state again to the resources it protects
   unwrap            Unwrap a wrapped data encryption key
   versions          List a key's versions
   wrap              Wrap a data encryption key with a root key

Enter 'ibmcloud kp key COMMAND --help' for more information about a command.
[exit 0]
$ ibmcloud kp key create --help
NAME:
   kp key create - Create a root key, or import one with -k

USAGE:
   ibmcloud kp key create KEY_NAME [-i INSTANCE_ID] [-o FORMAT] [-k MATERIAL] [-s] [-D DESCRIPTION] [--key-ring KEY_RING_ID]

OPTIONS:
   -i, --instance-ID INSTANCE_ID   the Key Protect instance GUID (default: $KP_INSTANCE_ID, else the sandbox's first instance)
   -o, --output FORMAT             'json' prints the service's JSON
   -k, --key-material MATERIAL     base64 key material to import (16, 24 or 32 bytes for a root key)
   -s, --standard-key              create a standard key (default: a root key)
   -D, --description DESCRIPTION   the key's description
   --key-ring KEY_RING_ID          the key ring to create the key in (default: 'default')
[exit 0]

# Variables: export, plain assignment, $VAR and ${VAR}, double quotes expand, single quotes do not.
$ export GREETING="hello  world"
[exit 0]
$ NAME=alice
[exit 0]
$ echo "$GREETING, ${NAME}!" '$NAME' \$NAME
hello  world, alice! $NAME $NAME
[exit 0]
$ echo $UNSET_VARIABLE end
end
[exit 0]
$ export
export ACCOUNT='$ACCOUNT'
export GREETING='hello  world'
export INSTANCE='$INSTANCE'
export NAME='alice'
[exit 0]

# Unknown commands and flags: the CLI's error and a hint.
$ ibmcloud kp keyz
! FAILED
! 'keyz' is not a registered command. See 'ibmcloud kp help'.
! Did you mean 'key'?
[exit 2]
$ ibmcloud kp key shwo x
! FAILED
! 'shwo' is not a registered command. See 'ibmcloud kp key help'.
! Did you mean 'show'?
[exit 2]
$ ibmcloud foo
! FAILED
! 'foo' is not a registered command. See 'ibmcloud help'.
! The sandbox simulates the kp, iam and resource commands.
[exit 2]
$ ibmcloud kp keys --bogus
! FAILED
! Incorrect Usage: flag provided but not defined: -bogus
! 
! NAME:
!    kp keys - List the keys of an instance
! 
! USAGE:
!    ibmcloud kp keys [-i INSTANCE_ID] [-o FORMAT] [-n N] [-s OFFSET] [-c] [--key-states STATES] [-t TYPE] [-l QUERY] [-b FIELDS] [-f FILTER]
! 
! OPTIONS:
!    -i, --instance-ID INSTANCE_ID   the Key Protect instance GUID (default: $KP_INSTANCE_ID, else the sandbox's first instance)
!    -o, --output FORMAT             'json' prints the service's JSON
!    -n, --number-of-keys N          how many keys to list (default 200)
!    -s, --starting-offset OFFSET    how many keys to skip
!    -c, --crn                       show each key's CRN
!    --key-states STATES             states to list: active, suspended, deactivated, destroyed (or 1,2,3,5; default: all but destroyed)
!    -t, --key-type TYPE             only root-key or standard-key keys
!    -l, --key-search QUERY          keys whose name or alias matches (prefixes exact:, not:, alias:, name:)
!    -b, --sort-by FIELDS            sort by these fields, '-' for descending, e.g. id,-creationDate
!    -f, --key-filter FILTER         e.g. 'creationDate=gte:"2026-01-01T00:00:00Z" state=1'
[exit 2]
$ ibmcloud kp key create
! FAILED
! Incorrect Usage. The required argument KEY_NAME was not given.
! 
! NAME:
!    kp key create - Create a root key, or import one with -k
! 
! USAGE:
!    ibmcloud kp key create KEY_NAME [-i INSTANCE_ID] [-o FORMAT] [-k MATERIAL] [-s] [-D DESCRIPTION] [--key-ring KEY_RING_ID]
! 
! OPTIONS:
!    -i, --instance-ID INSTANCE_ID   the Key Protect instance GUID (default: $KP_INSTANCE_ID, else the sandbox's first instance)
!    -o, --output FORMAT             'json' prints the service's JSON
!    -k, --key-material MATERIAL     base64 key material to import (16, 24 or 32 bytes for a root key)
!    -s, --standard-key              create a standard key (default: a root key)
!    -D, --description DESCRIPTION   the key's description
!    --key-ring KEY_RING_ID          the key ring to create the key in (default: 'default')
[exit 2]
$ ibmcloud kp key show a b
! FAILED
! Incorrect Usage. The argument 'b' is one too many: kp key show takes one argument (KEY_ID).
! 
! NAME:
!    kp key show - Show a key's details
! 
! USAGE:
!    ibmcloud kp key show KEY_ID [-i INSTANCE_ID] [-o FORMAT]
! 
! OPTIONS:
!    -i, --instance-ID INSTANCE_ID   the Key Protect instance GUID (default: $KP_INSTANCE_ID, else the sandbox's first instance)
!    -o, --output FORMAT             'json' prints the service's JSON
[exit 2]
$ ibmcloud kp key create x -D
! FAILED
! Incorrect Usage: flag needs an argument: -D
! 
! NAME:
!    kp key create - Create a root key, or import one with -k
! 
! USAGE:
!    ibmcloud kp key create KEY_NAME [-i INSTANCE_ID] [-o FORMAT] [-k MATERIAL] [-s] [-D DESCRIPTION] [--key-ring KEY_RING_ID]
! 
! OPTIONS:
!    -i, --instance-ID INSTANCE_ID   the Key Protect instance GUID (default: $KP_INSTANCE_ID, else the sandbox's first instance)
!    -o, --output FORMAT             'json' prints the service's JSON
!    -k, --key-material MATERIAL     base64 key material to import (16, 24 or 32 bytes for a root key)
!    -s, --standard-key              create a standard key (default: a root key)
!    -D, --description DESCRIPTION   the key's description
!    --key-ring KEY_RING_ID          the key ring to create the key in (default: 'default')
[exit 2]
$ ls -l
! sandbox shell: ls: command not found. The sandbox runs 'ibmcloud' (kp, iam, resource) and 'sandbox' commands, plus export, unset, history and a few tools (curl, jq, openssl rand, echo, printf, grep, cut, sed); type 'help'.
[exit 127]
$ echo $?
127
[exit 0]
$ sandbox tick
! FAILED
! 'tick' is not a registered command. See 'sandbox help'.
[exit 2]

# Quoting errors and unsupported shell syntax.
$ echo 'unclosed
! sandbox shell: unexpected end of input while looking for the matching `''
[exit 2]
$ echo "unclosed
! sandbox shell: unexpected end of input while looking for the matching `"'
[exit 2]
$ ibmcloud kp keys > keys.txt
! sandbox shell: the sandbox's shell does not support redirections ('<', '>'): the terminal shows every output, and pipes ('|') pass it on
[exit 2]
$ for KEY in $(ibmcloud kp keys); do echo $KEY; done
! sandbox shell: the sandbox's shell does not support 'for' (loops, conditionals and functions): run each command on its own line
[exit 2]
$ echo $(( 1 + 2 ))
! sandbox shell: the sandbox's shell does not support arithmetic ('$((...))')
[exit 2]
$ ibmcloud kp keys &
! sandbox shell: the sandbox's shell does not support background jobs ('&'): every command runs to its end
[exit 2]

# A paste runs line by line and stops at the first failure; comments and blank lines are skipped.
$ # set up
> export KP_INSTANCE_ID=$INSTANCE
>
> ibmcloud kp key create first-key
> ibmcloud kp key shwo $KEY_FIRST_KEY
> ibmcloud kp key create never-created
Creating key: 'first-key', in instance: '$INSTANCE'...
OK
Key ID                                 Key Name
$KEY_FIRST_KEY                         first-key
! FAILED
! 'shwo' is not a registered command. See 'ibmcloud kp key help'.
! Did you mean 'show'?
[exit 2]
$ ibmcloud kp keys
Retrieving keys...
OK
Key ID                                 Key Name
$KEY_FIRST_KEY                         first-key
[exit 0]
# A trailing backslash continues a line, and a quote may span lines.
$ ibmcloud kp key create \
>   second-key \
>   -D "a key
> with a two-line description"
Creating key: 'second-key', in instance: '$INSTANCE'...
OK
Key ID                                 Key Name
$KEY_SECOND_KEY                        second-key
[exit 0]
$ ibmcloud kp key show $KEY_SECOND_KEY
Grabbing info for key id: $KEY_SECOND_KEY...
OK
Key ID                                 Key Name     Description                         Creation Date                   Expiration Date
$KEY_SECOND_KEY                        second-key   a key
with a two-line description   2026-01-01 00:00:00 +0000 UTC   Key does not expire
[exit 0]
$ history
    1  help
    2  ibmcloud help
    3  ibmcloud kp help
    4  ibmcloud kp key --help
    5  ibmcloud kp key create --help
    6  export GREETING="hello  world"
    7  NAME=alice
    8  echo "$GREETING, ${NAME}!" '$NAME' \$NAME
    9  echo $UNSET_VARIABLE end
   10  export
   11  ibmcloud kp keyz
   12  ibmcloud kp key shwo x
   13  ibmcloud foo
   14  ibmcloud kp keys --bogus
   15  ibmcloud kp key create
   16  ibmcloud kp key show a b
   17  ibmcloud kp key create x -D
   18  ls -l
   19  echo $?
   20  sandbox tick
   21  echo 'unclosed
   22  echo "unclosed
   23  ibmcloud kp keys > keys.txt
   24  for KEY in $(ibmcloud kp keys); do echo $KEY; done
   25  echo $(( 1 + 2 ))
   26  ibmcloud kp keys &
   27  export KP_INSTANCE_ID=$INSTANCE
   28  ibmcloud kp key create first-key
   29  ibmcloud kp key shwo $KEY_FIRST_KEY
   30  ibmcloud kp keys
   31  ibmcloud kp key create   second-key   -D "a key
with a two-line description"
   32  ibmcloud kp key show $KEY_SECOND_KEY
   33  history
[exit 0]

# The sandbox's own commands.
$ sandbox help
USAGE:
   sandbox COMMAND [ARGUMENTS]

COMMANDS:
   now                  Print the sandbox's clock
   advance DURATION     Move the clock (e.g. 30m, 4h, 9d, 1d12h) and list what happened
   as USER              Act as another user (alice, bob, carol, dave)
   users                List the users and their roles
   roles USER ROLES     As the owner, set a user's Key Protect roles (e.g. Manager,KeyPurge)
   reset [--seed N]     Start a new sandbox (the same seed gives the same ids)
   help                 Show this help
[exit 0]
$ sandbox now
2026-01-01T00:00:00Z
[exit 0]
$ sandbox users
User     Email               Key Protect Roles   Databases Role
*alice   alice@example.com   Manager             Administrator    owner
bob      bob@example.com     Manager             Editor
carol    carol@example.com   Writer              Operator
dave     dave@example.com    Reader              Viewer
[exit 0]
$ sandbox as erin
! FAILED
! No user 'erin': the sandbox's users are alice, bob, carol, dave.
[exit 1]
$ sandbox as dave
Now acting as dave (dave@example.com): Key Protect Reader; databases Viewer
[exit 0]
$ sandbox users
User    Email               Key Protect Roles   Databases Role
alice   alice@example.com   Manager             Administrator    owner
bob     bob@example.com     Manager             Editor
carol   carol@example.com   Writer              Operator
*dave   dave@example.com    Reader              Viewer
[exit 0]
$ sandbox advance 1x
! FAILED
! Incorrect Usage: '1x' is not a duration: unknown unit 'x' (use d, h, m, s or w)
[exit 2]
$ sandbox advance 90m
Advanced 1h30m: the clock is now 2026-01-01T01:30:00Z
[exit 0]
$ ibmcloud login
The sandbox is always logged in: you act as dave (dave@example.com) in account $ACCOUNT, region us-south. 'sandbox as USER' changes the user.
[exit 0]
$ sandbox reset --seed 2
Started a new sandbox with seed 2: account $ACCOUNT, Key Protect instance $INSTANCE (Key Protect-sandbox). The clock is at 2026-01-01T00:00:00Z.
[exit 0]
$ ibmcloud kp keys
Retrieving keys...
! FAILED
! kp.Error: correlation_id='1975b3cf-caec-45ff-8566-e7b2a0a5dc1a', msg='Unauthorized: The user does not have access to the specified resource'
[exit 1]
$ sandbox reset
Started a new sandbox with seed 1: account $ACCOUNT, Key Protect instance $INSTANCE (Key Protect-sandbox). The clock is at 2026-01-01T00:00:00Z.
[exit 0]
$ ibmcloud kp keys
Retrieving keys...
OK
Key ID   Key Name
[exit 0]
