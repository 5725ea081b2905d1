# The shell's grammar, as bash reads these forms: variables and assignments, command substitution,
# pipes, lists with && || and ;, continuations and quotes over several lines, comments.

# Assignments: a line of them sets variables; before a command, they hold for that command only.
$ A=1 B="two words"
[exit 0]
$ echo "$A" "$B"
1 two words
[exit 0]
$ A=3 echo "A is still $A"
A is still 1
[exit 0]
$ KP_INSTANCE_ID=not-an-instance ibmcloud kp keys
Retrieving keys...
! FAILED
! kp.Error: correlation_id='d78d8057-6c3c-4599-a593-21051b94fae3', msg='Bad Request: Keys could not be listed: Please see 'reasons' for more details (BAD_REQUEST_ERR)', reasons='[BAD_REQUEST_ERR: Request requires valid Bluemix-Instance Header containing a valid UUID - FOR_MORE_INFO_REFER: https://cloud.ibm.com/apidocs/key-protect]'
[exit 1]
$ echo "after it, KP_INSTANCE_ID is the first instance again: ${KP_INSTANCE_ID}"
after it, KP_INSTANCE_ID is the first instance again: $INSTANCE
[exit 0]

# Unquoted expansions split on blanks; quoted ones do not; an empty unquoted one is no word.
$ export SPACED="a   b"
[exit 0]
$ echo $SPACED "$SPACED" $NOTHING end
a b a   b end
[exit 0]

# Command substitution: $(...) and backquotes, nested, in double quotes, trailing newlines removed.
$ NOW=$(sandbox now)
[exit 0]
$ echo "the clock says $NOW"
the clock says 2026-01-01T00:00:00Z
[exit 0]
$ echo `echo back` "$(echo "nested $(echo deep)")"
back nested deep
[exit 0]
$ KEY_ID=$(ibmcloud kp key create subst-key --output json)
[exit 0]
$ echo "$KEY_ID" | grep -c '"name"'
1
[exit 0]
$ COUNT=$(ibmcloud kp key show not-a-key)
> echo "not reached: a failing substitution fails its assignment, which stops the paste"
! FAILED
! kp.Error: correlation_id='4a7736e0-6070-4967-bc27-ffbbb1be4136', msg='Not Found: Key could not be retrieved: Please see 'reasons' for more details (KEY_NOT_FOUND_ERR)', reasons='[KEY_NOT_FOUND_ERR: key does not exist - FOR_MORE_INFO_REFER: https://cloud.ibm.com/apidocs/key-protect]'
[exit 1]

# Lists: ; runs both, && runs the next on success, || on failure; $? is the last status.
$ echo one; echo two
one
two
[exit 0]
$ ibmcloud kp key show not-a-key || echo "that failed with $?"
Grabbing info for key id: not-a-key...
that failed with 1
! FAILED
! kp.Error: correlation_id='a772de09-92dd-4263-90b9-895eca01bcda', msg='Not Found: Key could not be retrieved: Please see 'reasons' for more details (KEY_NOT_FOUND_ERR)', reasons='[KEY_NOT_FOUND_ERR: key does not exist - FOR_MORE_INFO_REFER: https://cloud.ibm.com/apidocs/key-protect]'
[exit 0]
$ ibmcloud kp keys -n 1 > /dev/null && echo never
! sandbox shell: the sandbox's shell does not support redirections ('<', '>'): the terminal shows every output, and pipes ('|') pass it on
[exit 2]
$ sandbox now && sandbox users | grep alice
2026-01-01T00:00:00Z
*alice   alice@example.com   Manager             Administrator    owner
[exit 0]
$ ibmcloud kp key show not-a-key && echo "not printed, and the paste goes on"
> echo "this line runs: a failure before && does not stop a paste"
Grabbing info for key id: not-a-key...
this line runs: a failure before && does not stop a paste
! FAILED
! kp.Error: correlation_id='2528f81a-f0e9-4ac0-afa1-e9a7177674fb', msg='Not Found: Key could not be retrieved: Please see 'reasons' for more details (KEY_NOT_FOUND_ERR)', reasons='[KEY_NOT_FOUND_ERR: key does not exist - FOR_MORE_INFO_REFER: https://cloud.ibm.com/apidocs/key-protect]'
[exit 0]

# A paste stops at the first command that fails (unless an && or || after it decides).
$ echo first
> ibmcloud kp key shwo x
> echo never
first
! FAILED
! 'shwo' is not a registered command. See 'ibmcloud kp key help'.
! Did you mean 'show'?
[exit 2]

# Continuations: a trailing backslash, an open quote, an open $( or a trailing | or &&.
$ echo "a body
>   over two lines" \
>   and more
a body
  over two lines and more
[exit 0]
$ echo $(echo inside
> ) done
inside done
[exit 0]
$ sandbox users |
>   grep bob &&
>   echo found
bob      bob@example.com     Manager             Editor
found
[exit 0]
$ echo 'still open
! sandbox shell: unexpected end of input while looking for the matching `''
[exit 2]

# An assignment given to export is not split into fields, as in bash (the documentation's token
# one-liner exports "Bearer <token>" this way); other words are.
$ export SPACED=$(echo a   b) OTHER=`echo c d`
> echo "$SPACED|$OTHER"
a b|c d
[exit 0]
$ export $(echo NOT=split words)
[exit 0]
