## Starting `opsdesk serve`: the bot token.

token-unset = DISCORD_TOKEN is not set. Put the bot token in this environment variable; a bot token is three parts of letters, digits, `-` and `_` joined by two dots, like { $example }. Copy it from the Discord developer portal (your application → Bot → Reset Token).
token-empty = DISCORD_TOKEN is empty. Put the bot token in it; a bot token is three parts of letters, digits, `-` and `_` joined by two dots, like { $example }. Copy it from the Discord developer portal (your application → Bot → Reset Token).
token-malformed = DISCORD_TOKEN does not hold a Discord bot token: { $problem }. A bot token is three parts of letters, digits, `-` and `_` joined by two dots, like { $example }. Copy it again from the Discord developer portal (your application → Bot → Reset Token).
token-problem-spaces = it contains spaces, quotes or line breaks (give the token alone: no `Bot ` in front, no quotes around it)
token-problem-parts = it has { $parts ->
    [one] one part
   *[other] { $parts } parts
} separated by dots instead of 3
token-problem-empty-part = one of its parts is empty
token-problem-characters = it contains characters a token never has
token-problem-short = it is { $length } characters long, and bot tokens have about 70
token-refused = Discord refused the token in DISCORD_TOKEN: it is wrong, or was reset. Copy the current one from the Discord developer portal (your application → Bot → Reset Token).

## Starting `opsdesk serve`: which Discord shards this process runs.

shards-range-not-range = --shards: `{ $given }` is not a range of shard numbers. Give the first and the last shard this process runs, joined by a dash, like `{ $example }`, or a single shard, like `--shards 2`.
shards-range-backwards = --shards { $given }: the first shard ({ $first }) comes after the last ({ $last }). Give the smaller number first, like `--shards { $last }-{ $first }`; for example `{ $example }`.
shards-total-zero = --shard-total 0: a bot runs at least one shard. Give how many shards all the bot's processes run together, like `{ $example }`, or leave the flag out to use the number Discord recommends.
shards-total-not-number = --shard-total: `{ $given }` is not a number of shards. Give a whole number of at least 1, like `{ $example }`, or leave the flag out to use the number Discord recommends.
shards-beyond-total = --shards { $given }: there is no shard { $last } when there are { $total } shards (numbered 0 to { $highest }). Run shards within them, like `--shards 0-{ $highest }`, or give a larger total, like `{ $example }`.
