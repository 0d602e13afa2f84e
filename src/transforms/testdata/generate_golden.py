"""Generates python-golden.jsonl: random events and step arguments run through
reference_transformation_functions.py (managealooma's transformation functions as
transforms-semantics.md describes them, with add_suffix's intended rename) on CPython 3.11.
Each line: fn, args (JSON), event (JSON), expected ("OK <repr(result)> || <repr(event after)>" or
"ERR <Type>: <message> || <repr(event after)>"). After the N random cases come SPLIT_N cases for
split_field_list_to_multiple_events on split fields of every shape (None, int, float, bool, str, list, tuple,
dicts of several sizes and key types, shorter and longer than the first field). A case that JSON cannot carry
(tuples, non-str dict keys) has "literal": true, its event and args written as Python literals (repr, read
back with ast.literal_eval). Regenerate: python3 generate_golden.py 20240101 400 240
"""
import ast, json, random, sys, copy
import os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference_transformation_functions as ma
random.seed(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
N = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
SPLIT_N = int(sys.argv[3]) if len(sys.argv) > 3 else 240

KEYS = ['a', 'b', 'c', 'a_dict', 'A_Dict', 'aDict', 'userId', 'user_id', 'UserId', 'myField', 'HTTPResponse', '1', '2', '10', '$a', '$$b', '€x',
        'names', 'tags', 'Tags', 'id', 'created_at', 'createdAt', 'table_name', 'primary_key', 'old_row_json', 'a_dict_x', 'a_dict_X', 'x', 'with space Here',
        'é', 'İd', 'straße', 'ΣΟΦΟΣ', '_Leading', 'x-Foo', '', ' ', 'event_type', 'a_b', 'a_b_c']
STRS = ['', ' ', '  pad  ', '\u00a0x\u3000', '\x1c\x1d', '\ufeffx', 'abc', 'ABC', 'é', '😀', '{}', '[]', '{ }', '0', 'null', 'None', 'True', '2.4', ' 5', '"q"', "'single'",
        '[1, 2]', '{"x": 1, "y": {"z": 2}}', "{'x': 1, 'y': None}", "{'b': 1, 2: 'x'}", '1e400', 'NaN', '-Infinity', '(1, 2)', '{1, 2}', 'my_schema.my_table', 'noschema',
        'cupcake,croissant', 'cake', '{"A": {"B": {}}}', '{"k": "{\\"n\\": 1}"}', "{'a': (1, [2])}", 'x\ny', '\t', '1_000', '0x1F', "u'x' 'y'", '[1, 2,]', "{'a': 1, 'a': 2}"]
def rstr(): return random.choice(STRS + KEYS)
def rnum():
    return random.choice([0, 1, -1, 2, 3, 6, 123456789, 2**53 + 1, 10**20, -(10**25), 0.0, -0.0, 1.0, 1.5, 2.0, 1e16, 1e-7, 3.3, 0.1, 1e300, float('inf'), float('-inf')])
def rval(depth=0):
    r = random.random()
    if depth > 2: r = r * 0.6
    if r < 0.25: return rstr()
    if r < 0.45: return rnum()
    if r < 0.52: return None
    if r < 0.58: return random.choice([True, False])
    if r < 0.8: return [rval(depth + 1) for _ in range(random.randint(0, 3))]
    return rdict(depth + 1)
def rdict(depth=0, n=None):
    d = {}
    for _ in range(random.randint(0, 4) if n is None else n):
        d[random.choice(KEYS)] = rval(depth)
    return d
def rmeta():
    m = {'@uuid': 'u-1', 'event_type': random.choice(['my_schema.my_table', 'My_SCHEMA.my_table', 'noschema', 'straße.größe', 'İSTANBUL', None, 5, ['.']]), 'input_label': 'in'}
    r = random.random()
    if r < 0.2: m['@parent_uuid'] = random.choice(['', 'p', None, [], ['x']])
    if r > 0.95: del m['event_type']
    return m
def revent():
    e = rdict(0, random.randint(0, 7))
    r = random.random()
    if r < 0.85: e['_metadata'] = rmeta()
    if random.random() < 0.3:
        e['old_row_json'] = random.choice(['{"id": 6, "created_at": "2019-01-01"}', '{"table_name": "t2", "_metadata": {"z": 1}}', 'bad', '[1]', {'a': 1}])
        e['table_name'] = random.choice(['tbl', 'x'])
        if random.random() < 0.8: e['primary_key'] = '1'
    if random.random() < 0.3: e['names'] = [rval(2) for _ in range(random.randint(0, 3))]
    if random.random() < 0.3: e['a_dict'] = rdict(1, random.randint(0, 3)) if random.random() < 0.7 else random.choice(STRS)
    keys = list(e.keys()); random.shuffle(keys)
    return {k: e[k] for k in keys}
def fld():
    r = random.random()
    if r < 0.55: return random.choice(KEYS + ['_metadata', 'missing'])
    if r < 0.8: return random.sample(KEYS, random.randint(0, 3))
    return random.choice([5, None, 1.5, True, {'a': 1}, [['a']], 'a_dict'])
def anyv(): return rval(1)
ARGS = {
 'add_column_based_on_null': lambda: dict(field=fld(), new_field=fld(), new_value_if_null=anyv(), new_value_if_not_null=anyv()),
 'add_columns_with_default': lambda: dict(field_and_default_dict=random.choice([rdict(1), rdict(1), [1], 'ab', None])),
 'add_composite_key': lambda: dict(field_list=random.choice([random.sample(KEYS, random.randint(0, 3)), fld()]), key_name=fld()),
 'add_duplicate_fields': lambda: dict(field_name=fld(), suffix_or_suffix_list=random.choice(['s', ['s', 't'], [], '', 5, ['x', 1]]), **({'keep_original': random.choice([True, False, 0, 'no', None])} if random.random() < 0.6 else {})),
 'add_suffix': lambda: dict(fields=fld(), suffix=random.choice(['end', '', 5, ['x']]), **({'separator': random.choice(['_', '---', '', 3])} if random.random() < 0.5 else {})),
 'convert_all_event_fields_to_snake_case': lambda: {},
 'convert_dictionary_fields_to_string': lambda: dict(field_or_field_list=fld()),
 'convert_null_to_zero': lambda: dict(field_or_field_list=fld()),
 'convert_values_to_none': lambda: dict(field_or_field_list=fld(), **({'field_values': random.choice([None, [1, 0], 'abc', [], [[1]], [{'x': 1}], 1.0, True, ['', None]])} if random.random() < 0.7 else {})),
 'convert_empty_value_to_none': lambda: dict(key_name=fld()),
 'convert_event_type_case': lambda: ({'case_force_upper': random.choice([True, False, 'no', 0, None])} if random.random() < 0.7 else {}),
 'flatten_json': lambda: dict(field_or_field_list=random.choice(['a_dict', 'A_DICT', ['a_dict', 'b'], 'b', 'c', 'names', 5, None, {'a_dict': 1}, 'userId']), levels=random.choice([0, 1, 2, 3, 1.5, -1, 'x', None, True]), **({'keep_original': random.choice([True, False])} if random.random() < 0.5 else {}), **({'dump_to_string': random.choice([True, False, 1])} if random.random() < 0.5 else {})),
 'flatten_json_1_level': lambda: dict(field_name=random.choice(['a_dict', 'b', 'c', 'missing', 'names']), field_name_underscore=random.choice(['a_dict_', 'X__', '', 5]), dump_to_string=random.choice([True, False])),
 'map_key_in_dictionary_to_value': lambda: dict(mapping_dict=random.choice([{'1': 'one', '2': 'two', 'abc': 'x', '': 'empty'}, {}, [1], rdict(1)]), existing_column=fld(), new_column=fld(), allow_nulls=random.choice([True, False, 0, 'x'])),
 'map_value_in_list_to_dictionary_key': lambda: dict(mapping_dict_with_lists=random.choice([{'one_to_three': [1, 2, 3], 'four_to_six': [4, 5, 6]}, {'baked': 'cupcake,croissant', 'x': ['abc', 'cake'], 'd': {'abc': 1}}, {'n': [None, True, 1.0, [1]], 'm': 5}, [1], rdict(1)]), existing_column=fld(), new_column=fld(), allow_nulls=random.choice([True, False]), passthrough=random.choice([True, False])),
 'mark_for_delete': lambda: {},
 'parse_list_of_json_and_concat': lambda: dict(field_name=random.choice(['names', 'a_dict', 'b', 'missing', 5]), keep_original=random.choice([True, False, 0, None]), field_to_keep=random.choice(['a', 'b', 'x', 1])),
 'remove_duplicate_field': lambda: dict(field_to_keep=fld(), field_to_discard=fld()),
 'remove_outer_key': lambda: dict(key_name=fld()),
 'remove_starting_characters_from_keys': lambda: dict(starting_characters=random.choice(['$', '$$', '€', '', '_', 'a', 5]), **({'field_with_json': random.choice(['a_dict', 'b', 'missing', None, ''])} if random.random() < 0.5 else {})),
 'remove_whitespace': lambda: dict(field_or_field_list=fld()),
 'rename_fields': lambda: dict(field_dict=random.choice([{'a': 'b'}, {'b': 'a'}, {'a': 'b', 'b': 'a'}, {'_metadata': 'meta'}, {'a': '_metadata'}, {'a': 5}, {'userId': 'user_id'}, rdict(1), ['a'], 'abc'])),
 'split_event_to_multiple_events': lambda: dict(table_name_list=random.choice([['t1', 't2'], [], 'ab', ['t', 5], None])),
 'split_field_list_to_multiple_events': lambda: dict(fields_to_split=random.choice([['names'], ['names', 'tags'], ['tags', 'names'], [], 'names', ['a_dict'], ['missing'], ['b']]), add_counter=random.choice([True, False, 1]), counter_name=random.choice(['counter', 'id', 'names']), **({'reverse': random.choice([True, False])} if random.random() < 0.5 else {})),
 'whitelist_or_blacklist_columns': lambda: dict(field_list=random.choice([random.sample(KEYS, random.randint(0, 4)), 'ab', [5], ['ID', 'USERID', 'straße']]), **({'white_or_black_list': random.choice(['whitelist', 'blacklist', 'WHITELIST', 5])} if random.random() < 0.7 else {})),
}
def run(fn, args, ev_text, args_text, literal):
    load = ast.literal_eval if literal else json.loads
    ev2 = load(ev_text); args2 = load(args_text)
    try:
        r = getattr(ma, fn)(ev2, **args2)
        return 'OK ' + repr(r) + ' || ' + repr(ev2)
    except Exception as e:
        return 'ERR ' + type(e).__name__ + ': ' + str(e) + ' || ' + repr(ev2)
out = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'python-golden.jsonl'), 'w')
for i in range(N):
    fn = random.choice(list(ARGS))
    args = ARGS[fn]()
    if random.random() < 0.03: args['bogus'] = 1
    if random.random() < 0.02 and args: args.pop(random.choice(list(args)))
    ev = revent()
    ev_text = json.dumps(ev); args_text = json.dumps(args)
    out.write(json.dumps({'fn': fn, 'args': args_text, 'event': ev_text, 'expected': run(fn, args, ev_text, args_text, False)}) + '\n')

# Split fields of every shape len() accepts or refuses, in every position relative to the first (count) field.
SPLIT_SHAPES = [None, 0, 5, 1.5, 0.0, True, False, '', 'a', 'abc', '😀x', [], [1], [1, 2], [1, 2, 3], [None], [[1], {'k': 2}],
                (), (1,), (1, 2, 3), {}, {'a': 1}, {'a': 1, 'b': 2}, {'0': 's'}, {0: 'zero'}, {0: 'z', 1: 'o'}, {1: 'one'},
                {False: 'f'}, {True: 't'}, {0: 'z', 1: 'o', 2: 't', 3: 'x'}]
SPLIT_COUNTS = [[1, 2], [1, 2, 3], ['p', 'q', 'r', 's'], (1, 2), 'ab', {0: 'z', 1: 'o'}]
SPLIT_FIELDS = [['vals', 'others'], ['vals', 'others'], ('vals', 'others'), ['vals', 'others', 'Tags'], ['vals', 'others', 'Tags'],
                ['others', 'vals'], ['vals'], 'vals', ['vals', 'missing'], {'vals': 1}, [], ['vals', 'vals'], ['vals', 5], ['Tags', 'others']]
def split_event():
    # The first field sets the count: mostly a non-empty sequence, so the other fields are read at several indexes.
    count_field = random.choice(SPLIT_COUNTS) if random.random() < 0.6 else random.choice(SPLIT_SHAPES)
    e = {'id': random.choice([1, 'x', None]), 'vals': count_field, 'others': random.choice(SPLIT_SHAPES)}
    if random.random() < 0.4: e['Tags'] = random.choice(SPLIT_SHAPES)
    if random.random() < 0.3: e['orderId'] = 7
    if random.random() < 0.1: e[5] = random.choice(SPLIT_SHAPES)
    if random.random() < 0.15: del e['others']
    if random.random() < 0.96:
        e['_metadata'] = {'@uuid': 'u-1'}
        if random.random() < 0.1: e['_metadata']['@parent_uuid'] = random.choice(['', 'p', None, []])
    keys = list(e.keys()); random.shuffle(keys)
    return {k: e[k] for k in keys}
def split_args():
    a = dict(fields_to_split=random.choice(SPLIT_FIELDS), add_counter=random.choice([True, False, 1, 0]),
             counter_name=random.choice(['counter', 'val', 'vals', 'id']))
    if random.random() < 0.6: a['reverse'] = random.choice([True, False, 0, 'x'])
    return a
def json_exact(value):
    return json.loads(json.dumps(value)) == value and repr(json.loads(json.dumps(value))) == repr(value)
for i in range(SPLIT_N):
    fn = 'split_field_list_to_multiple_events'
    args = split_args(); ev = split_event()
    literal = not (json_exact(ev) and json_exact(args))
    ev_text, args_text = (repr(ev), repr(args)) if literal else (json.dumps(ev), json.dumps(args))
    case = {'fn': fn, 'args': args_text, 'event': ev_text, 'expected': run(fn, args, ev_text, args_text, literal)}
    if literal: case['literal'] = True
    out.write(json.dumps(case) + '\n')
