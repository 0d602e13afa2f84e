# Reconstruction of managealooma.transformation_functions (hoverinc/ManageAlooma @ e1b4fd2) from
# shared/reference/transforms-semantics.md, used to generate python-golden.jsonl. add_suffix iterates a snapshot
# of the keys (the intended rename; the original raises RuntimeError on Python >= 3.8).
import json, re, ast
from copy import deepcopy

def add_column_based_on_null(event, field, new_field, new_value_if_null, new_value_if_not_null):
    if field in event:
        if event[field] is None:
            event[new_field] = new_value_if_null
        else:
            event[new_field] = new_value_if_not_null
    return event

def add_columns_with_default(event, field_and_default_dict):
    for k, v in field_and_default_dict.items():
        if k not in event:
            event[k] = v
    return event

def add_composite_key(event, field_list, key_name):
    vals = [event[f] for f in field_list]
    if None in vals:
        raise Exception('Missing values in composite key')
    event[key_name] = '-'.join(str(v) for v in vals)
    return event

def add_duplicate_fields(event, field_name, suffix_or_suffix_list, keep_original=False):
    if type(suffix_or_suffix_list) is not list:
        suffix_or_suffix_list = [suffix_or_suffix_list]
    if field_name in event:
        for suffix in suffix_or_suffix_list:
            event[field_name + '_' + suffix] = event[field_name]
    if not keep_original:
        del event[field_name]
    return event

def add_suffix(event, fields, suffix, separator='_'):
    if type(fields) is not list:
        fields = [fields]
    for k in list(event.keys()):
        if k in fields:
            event[k + separator + suffix] = event[k]
            del event[k]
    return event

def convert_all_event_fields_to_snake_case(event):
    new_event = {}
    for k, v in event.items():
        new_event[convert_string_to_snake_case(k).replace(' ', '_')] = v
    new_event['_metadata'] = deepcopy(event['_metadata'])
    return new_event

def convert_dictionary_fields_to_string(event, field_or_field_list):
    if type(field_or_field_list) is not list:
        field_or_field_list = [field_or_field_list]
    for field in field_or_field_list:
        if field in event and event[field] is not None:
            try:
                event[field] = json.dumps(event[field])
            except:
                pass
    return event

def convert_null_to_zero(event, field_or_field_list):
    if type(field_or_field_list) is str:
        field_or_field_list = [field_or_field_list]
    for field in field_or_field_list:
        if field in event and event[field] is None:
            event[field] = 0
    return event

def convert_spaces_and_special_characters_to_underscore(name):
    return re.sub(r'[\W_]', '_', name).lower()

def convert_string_to_snake_case(name):
    s1 = re.sub('(.)([A-Z][a-z]+)', r'\1_\2', name)
    sl = re.sub('([a-z0-9])([A-Z])', r'\1_\2', s1).lower()
    return sl.replace(' ', '')

def convert_values_to_none(event, field_or_field_list, field_values=None):
    if type(field_or_field_list) is not list:
        field_or_field_list = [field_or_field_list]
    if field_values is not None and type(field_values) is not list:
        field_values = [field_values]
    for field in field_or_field_list:
        if field in event:
            if field_values is None:
                event[field] = None
            elif event[field] in field_values:
                event[field] = None
    return event

def convert_empty_value_to_none(event, key_name):
    if key_name in event:
        if type(event[key_name]) == str and (event[key_name] == '' or event[key_name].strip() == '' or event[key_name] == '{}' or event[key_name] == '[]'):
            event[key_name] = None
        if not event[key_name]:
            event[key_name] = None
    return event

def convert_event_type_case(event, case_force_upper=False):
    if type(event) == list:
        for e in event:
            if 'event_type' in e['_metadata']:
                if case_force_upper:
                    e['_metadata']['event_type'] = e['_metadata']['event_type'].upper()
                else:
                    e['_metadata']['event_type'] = e['_metadata']['event_type'].lower()
    else:
        if 'event_type' in event['_metadata']:
            if case_force_upper:
                event['_metadata']['event_type'] = event['_metadata']['event_type'].upper()
            else:
                event['_metadata']['event_type'] = event['_metadata']['event_type'].lower()
    return event

def flatten_json(event, field_or_field_list, levels, keep_original=False, dump_to_string=False):
    if type(field_or_field_list) is str:
        field_or_field_list = [field_or_field_list]
    for field in field_or_field_list:
        field = field.lower()
        if field in event:
            original = event[field]
            prefixes = [field]
            level = 0
            while level < levels:
                nxt = []
                for p in prefixes:
                    event = flatten_json_1_level(event, p, p.lower() + '_', dump_to_string)
                    nxt.append(p.lower() + '_')
                for n in nxt:
                    for k in event.keys():
                        if k.startswith(n):
                            prefixes.append(k)
                    prefixes = [p for p in prefixes if p != n[:-1]]
                level += 1
            if keep_original:
                if type(original) is dict and original and dump_to_string:
                    event[field] = json.dumps(original)
                elif dump_to_string:
                    event[field] = original
                else:
                    try:
                        event[field] = json.loads(original)
                    except:
                        try:
                            event[field] = ast.literal_eval(original)
                        except:
                            event[field] = original
    return event

def flatten_json_1_level(event, field_name, field_name_underscore, dump_to_string):
    value = event[field_name]
    if type(value) is not dict:
        try:
            event[field_name] = json.loads(value)
        except:
            try:
                event[field_name] = ast.literal_eval(value)
            except:
                return event
    try:
        for k, v in event[field_name].items():
            if type(v) is dict and dump_to_string:
                event[field_name_underscore + k.lower()] = json.dumps(v)
            else:
                event[field_name_underscore + k.lower()] = v
        del event[field_name]
    except:
        return event
    return event

def map_key_in_dictionary_to_value(event, mapping_dict, existing_column, new_column, allow_nulls):
    func_name = 'enum transform ' + event['_metadata']['event_type'] + ' ' + existing_column
    value = event.get(existing_column)
    if allow_nulls and (value == None or value in mapping_dict.keys()):
        event[new_column] = mapping_dict.get(value)
    elif not allow_nulls and event[existing_column] in mapping_dict.keys():
        event[new_column] = mapping_dict.get(value)
    else:
        raise Exception('Missing ' + func_name)
    return event

def map_value_in_list_to_dictionary_key(event, mapping_dict_with_lists, existing_column, new_column, allow_nulls, passthrough):
    func_name = 'map_list transform ' + event['_metadata']['event_type'] + ' ' + existing_column
    value = event[existing_column]
    event[new_column] = None
    for k, v in mapping_dict_with_lists.items():
        if value in v:
            event[new_column] = k
    if event[new_column] is not None:
        return event
    elif passthrough:
        event[new_column] = value
    elif allow_nulls:
        return event
    else:
        raise Exception('Missing ' + func_name)
    return event

def mark_for_delete(event):
    event['_metadata']['event_type'] = event['table_name']
    event['mark_for_delete'] = True
    if 'created_at' in event:
        event['hard_deleted_at'] = event['created_at']
        del event['created_at']
    for k, v in json.loads(event['old_row_json']).items():
        event[k] = v
    event['_metadata']['table'] = event['table_name']
    del event['old_row_json']
    del event['primary_key']
    del event['table_name']
    return event

def parse_list_of_json_and_concat(event, field_name, keep_original, field_to_keep):
    if field_name in event:
        temp = []
        for item in event[field_name]:
            for k, v in item.items():
                if k == field_to_keep:
                    if type(v) is dict:
                        temp.append(json.dumps(v))
                    else:
                        temp.append(v)
                    event[field_name + '_' + field_to_keep + 's'] = temp
        if keep_original is False:
            del event[field_name]
    return event

def remove_duplicate_field(event, field_to_keep, field_to_discard):
    if field_to_keep in event and field_to_discard in event:
        if event[field_to_keep] is not None:
            del event[field_to_discard]
        else:
            del event[field_to_keep]
    return event

def remove_outer_key(event, key_name):
    if key_name in event and isinstance(event[key_name], dict):
        event.update(event[key_name])
        del event[key_name]
    return event

def remove_starting_characters_from_keys(event, starting_characters, field_with_json=None):
    if field_with_json is None:
        new_event = {}
        for k, v in event.items():
            if k.startswith(starting_characters):
                new_event[k.replace(starting_characters, '', 1)] = v
            else:
                new_event[k] = v
        new_event['_metadata'] = deepcopy(event['_metadata'])
        return new_event
    if field_with_json in event:
        new_dict = {}
        for k, v in event[field_with_json].items():
            if k.startswith(starting_characters):
                new_dict[k.replace(starting_characters, '', 1)] = v
            else:
                new_dict[k] = v
        event[field_with_json] = new_dict
    return event

def remove_whitespace(event, field_or_field_list):
    if type(field_or_field_list) is not list:
        field_or_field_list = [field_or_field_list]
    for field in field_or_field_list:
        if field in event and isinstance(event[field], str):
            event[field] = event[field].strip()
    return event

def rename_fields(event, field_dict):
    new_event = {}
    for k, v in event.items():
        if k in field_dict:
            if field_dict[k] not in new_event:
                new_event[field_dict[k]] = v
            else:
                raise Exception('Key {} already in event'.format(field_dict[k]))
        else:
            new_event[k] = v
    if '_metadata' in event:
        new_event['_metadata'] = deepcopy(event['_metadata'])
    return new_event

def split_event_to_multiple_events(event, table_name_list):
    if '@parent_uuid' in event['_metadata'] and len(event['_metadata']['@parent_uuid']) > 0:
        return event
    if '.' not in event['_metadata']['event_type']:
        raise Exception('Only fully qualified events can be split. Event type must be schema_name.table_name')
    new_events = []
    for table_name in table_name_list:
        new_event = {}
        for k, v in event.items():
            if k != "_metatdata":
                new_event[k] = v
        new_event['_metadata'] = deepcopy(event['_metadata'])
        new_event['_metadata']['event_type'] = event['_metadata']['event_type'].split('.')[0] + '.' + table_name
        new_events.append(new_event)
    return new_events

def split_field_list_to_multiple_events(event, fields_to_split, add_counter, counter_name, reverse=False):
    if '@parent_uuid' in event['_metadata'] and len(event['_metadata']['@parent_uuid']) > 0:
        return event
    new_events = []
    for i in range(len(event[fields_to_split[0]])):
        new_event = {}
        for k, v in event.items():
            if k in fields_to_split:
                if reverse:
                    v = v[::-1]
                # len(v) is checked before v[i] is read (None/int raise TypeError from len(); a short or empty
                # str/list/tuple/dict gives None); the value is evaluated before the new key, as in the original.
                new_event[convert_string_to_snake_case(k[:-1])] = None if i + 1 > len(v) else v[i]
            elif k != '_metadata':
                new_event[convert_string_to_snake_case(k)] = v
        new_event['_metadata'] = deepcopy(event['_metadata'])
        if add_counter:
            new_event[counter_name] = i + 1
        new_events.append(new_event)
    return new_events

def whitelist_or_blacklist_columns(event, field_list, white_or_black_list='whitelist'):
    field_list = [f.lower() for f in field_list]
    new_event = {}
    for k, v in event.items():
        if k != '_metadata':
            if white_or_black_list == 'whitelist' and k.lower() in field_list:
                new_event[k] = v
            elif white_or_black_list == 'blacklist' and k.lower() not in field_list:
                new_event[k] = v
    new_event['_metadata'] = deepcopy(event['_metadata'])
    return new_event
