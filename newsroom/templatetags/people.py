"""``{{ user|display_name }}``: a person's full name, else the user name
(``newsroom.people.display_name``)."""

from django import template

from newsroom import people

register = template.Library()


@register.filter
def display_name(user):
    return people.display_name(user)
