def a():
    # --8<-- [start:body]
    x = 1
    return x
    # --8<-- [end:body]

# ;--8<-- [start:shown]
print(a())
