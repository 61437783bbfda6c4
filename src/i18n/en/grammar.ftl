# Messages of the command grammar (src/core/grammar). Each error has one
# message; variants with a suggestion or hint have their own id.

grammar-usage = Usage: { $usage }

## Names of option types, as used in `grammar-wrong-type`.

grammar-kind-text = text
grammar-kind-user = a member, such as @alice
grammar-kind-number = a whole number
grammar-kind-boolean = yes or no
grammar-kind-choice = one of the listed choices
grammar-kind-id = an ID such as IT-4

## Errors

grammar-not-a-command = Commands start with `/`, for example `/help`.
grammar-empty-command = Write the command name right after `/`, for example `/help`.
grammar-unknown-command = There is no command `/{ $name }`. Type `/help` to see them all.
grammar-unknown-command-suggestion = There is no command `/{ $name }`. Did you mean `/{ $suggestion }`?
grammar-missing-subcommand = `/{ $command }` needs a subcommand: { $available }.
grammar-unknown-subcommand = `/{ $command }` has no subcommand `{ $name }`. Available: { $available }.
grammar-unknown-subcommand-suggestion = `/{ $command }` has no subcommand `{ $name }`. Did you mean `{ $suggestion }`?
grammar-unknown-option = There is no option `{ $name }`. Available options: { $available }.
grammar-unknown-option-suggestion = There is no option `{ $name }`. Did you mean `{ $suggestion }`?
grammar-no-options = This command takes no options, so `{ $name }` is not allowed.
grammar-repeated-option = Option `{ $name }` is given more than once.
grammar-missing-option = Option `{ $name }` is required.
grammar-missing-value = Option `{ $name }` has no value: write it right after the colon, like `{ $name }:value`.
grammar-wrong-type = Option `{ $name }` expects { $expected ->
        [user] { grammar-kind-user }
        [number] { grammar-kind-number }
        [boolean] { grammar-kind-boolean }
        [choice] { grammar-kind-choice }
        [id] { grammar-kind-id }
       *[text] { grammar-kind-text }
    } — `{ $value }` is not valid.
grammar-invalid-choice = Option `{ $name }` expects one of { $choices } — `{ $value }` is not one of them.
grammar-invalid-choice-suggestion = Option `{ $name }` expects one of { $choices } — `{ $value }` is not one of them. Did you mean `{ $suggestion }`?
grammar-too-long = The value of `{ $name }` is too long: { $actual } characters, and at most { $max } are allowed.
grammar-too-short = The value of `{ $name }` is too short: { $actual } characters, and at least { $min } are needed.
grammar-out-of-range-between = Option `{ $name }` must be between { $min } and { $max }, not { $value }.
grammar-out-of-range-min = Option `{ $name }` must be at least { $min }, not { $value }.
grammar-out-of-range-max = Option `{ $name }` must be at most { $max }, not { $value }.
grammar-out-of-range = { $value } is out of range for option `{ $name }`.
grammar-unbalanced-quote = This quote is never closed.
grammar-single-quote = Option `{ $name }` is in single quotes; only double quotes group words: { $name }:"{ $text }".
grammar-unexpected-token = `{ $token }` was not expected here.
